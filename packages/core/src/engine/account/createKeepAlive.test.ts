import { afterEach, describe, expect, test, vi } from 'vitest'
import { emptyLwwMap } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import { resolveRetention } from '../retention.js'
import { createKeepAlive } from './createKeepAlive.js'

const DAY = 86_400_000

function setup(ids: Record<string, number>) {
  const onChanged = vi.fn()
  const stores = byStore(() => emptyLwwMap()) as ChatSyncStores
  const keepAlive = createKeepAlive({
    retention: resolveRetention(),
    persisted: undefined,
    stores: () => stores,
    idOf: (_store, key) => ids[key] ?? 0,
    publish: () => {},
    onChanged,
  })
  return { keepAlive, onChanged }
}

describe('createKeepAlive', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('behavior: the copy of a change just made is not worth a save; a refresh is', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) })
    const now = Date.now()
    const fresh = now * 1000 + 1
    const old = (now - 20 * DAY) * 1000 + 2
    const { keepAlive, onChanged } = setup({ fresh, old })
    keepAlive.delivered([{ store: 'threads', method: 'wc_syncDel', id: fresh, key: 'fresh' }])
    keepAlive.observe([{ store: 'threads', key: 'fresh', id: fresh, at: now }])
    expect(keepAlive.copyAt('threads', 'fresh')).toBe(now)
    expect(onChanged).not.toHaveBeenCalled()
    // A change made 20 days ago whose newest copy is from now: a restart must not count from 20 days ago.
    keepAlive.observe([{ store: 'threads', key: 'old', id: old, at: now }])
    expect(onChanged).toHaveBeenCalledTimes(1)
    // A copy of a change the entry no longer holds keeps nothing alive.
    keepAlive.observe([{ store: 'threads', key: 'old', id: old - 1, at: now + DAY }])
    expect(keepAlive.copyAt('threads', 'old')).toBe(now)
  })

  test('behavior: a copy older than its change (the writer’s clock ahead) is saved, so a restart is not late', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) })
    const now = Date.now()
    const ahead = (now + 5 * DAY) * 1000 + 3
    const slightlyAhead = (now + 2000) * 1000 + 4
    const { keepAlive, onChanged } = setup({ ahead, slightlyAhead })
    keepAlive.observe([{ store: 'threads', key: 'slightlyAhead', id: slightlyAhead, at: now }])
    expect(onChanged).not.toHaveBeenCalled()
    keepAlive.observe([{ store: 'threads', key: 'ahead', id: ahead, at: now }])
    expect(onChanged).toHaveBeenCalledTimes(1)
  })
})
