import { describe, expect, test, vi } from 'vitest'
import { createChangeNotifier } from './createChangeNotifier.js'

describe('createChangeNotifier', () => {
  test('default: a remote change is told at once; local writes once per microtask, every store named in catalogue order', async () => {
    const emit = vi.fn()
    let stopped = false
    const notifier = createChangeNotifier({ account: 'a', emit, isStopped: () => stopped })
    notifier.changed(['threads'], 'remote')
    expect(emit).toHaveBeenLastCalledWith('change', { account: 'a', stores: ['threads'], source: 'remote' })
    notifier.changed(['inviteKeys'], 'local')
    notifier.changed(['threads'], 'local')
    notifier.changed(['inviteKeys', 'sentInvites'], 'local')
    expect(emit).toHaveBeenCalledTimes(1)
    await Promise.resolve()
    expect(emit).toHaveBeenCalledTimes(2)
    expect(emit).toHaveBeenLastCalledWith('change', {
      account: 'a',
      stores: ['sentInvites', 'threads', 'inviteKeys'],
      source: 'local',
    })
    // The next burst is a new event; none once stopped.
    notifier.changed(['threads'], 'local')
    await Promise.resolve()
    expect(emit).toHaveBeenLastCalledWith('change', { account: 'a', stores: ['threads'], source: 'local' })
    stopped = true
    notifier.changed(['threads'], 'local')
    await Promise.resolve()
    expect(emit).toHaveBeenCalledTimes(3)
  })
})
