import { afterEach, describe, expect, test, vi } from 'vitest'
import type { OutboxItem } from '../changes/outboxItem.js'
import { emptyUpdates } from '../changes/storeUpdates.js'
import { createTabSync } from './createTabSync.js'
import { openTabChannel, type TabChannel, type TabMessage } from './tabChannel.js'

const thread = {
  topic: 'a'.repeat(64),
  selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: 'b'.repeat(64),
}
const removal = (id: number): OutboxItem => ({ store: 'inviteKeys', method: 'wc_syncDel', id, key: `k${id}` })

/** A channel that records what is posted and lets the test deliver messages from other tabs. */
function fakeChannel() {
  const posted: TabMessage[] = []
  let onMessage: ((message: unknown) => void) | undefined
  let closed = false
  const channel: TabChannel = {
    post: (message) => posted.push(structuredClone(message)),
    listen: (handler) => {
      onMessage = handler
    },
    close: () => {
      closed = true
    },
  }
  return { channel, posted, deliver: (message: unknown) => onMessage?.(message), closed: () => closed }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createTabSync', () => {
  test('default: what this tab applied and wrote goes out as one message per microtask', async () => {
    const fake = fakeChannel()
    const tabs = createTabSync({ channel: fake.channel, onChanges: () => {}, onUnregistered: () => {} })
    const updates = {
      ...emptyUpdates(),
      threads: [{ type: 'set' as const, id: 7, key: thread.topic, value: thread }],
    }
    tabs.applied(updates)
    tabs.written(removal(8))
    tabs.applied({ inviteKeys: [{ type: 'delete', id: 9, key: 'k9' }] })
    expect(fake.posted).toEqual([])
    await Promise.resolve()
    expect(fake.posted).toEqual([
      {
        v: 1,
        applied: [
          { store: 'threads', method: 'wc_syncSet', id: 7, key: thread.topic, value: JSON.stringify(thread) },
          removal(9),
        ],
        written: [removal(8)],
      },
    ])
    tabs.written(removal(10))
    await Promise.resolve()
    expect(fake.posted).toHaveLength(2)
    expect(fake.posted[1]).toEqual({ v: 1, applied: [], written: [removal(10)] })
  })

  test('behavior: close sends what is waiting, then closes the channel', () => {
    const fake = fakeChannel()
    const tabs = createTabSync({ channel: fake.channel, onChanges: () => {}, onUnregistered: () => {} })
    tabs.written(removal(1))
    tabs.close()
    expect(fake.posted).toEqual([{ v: 1, applied: [], written: [removal(1)] }])
    expect(fake.closed()).toBe(true)
  })

  test('behavior: nothing is sent without a channel, and nothing waiting means nothing sent', async () => {
    const tabs = createTabSync({ channel: undefined, onChanges: () => {}, onUnregistered: () => {} })
    tabs.written(removal(1))
    tabs.applied({ inviteKeys: [{ type: 'delete', id: 2, key: 'k2' }] })
    expect(() => tabs.close()).not.toThrow()
    const fake = fakeChannel()
    createTabSync({ channel: fake.channel, onChanges: () => {}, onUnregistered: () => {} }).close()
    await Promise.resolve()
    expect(fake.posted).toEqual([])
  })

  test('behavior: other tabs’ changes are checked and handed over; an unregistration is told apart; junk is ignored', () => {
    const fake = fakeChannel()
    const onChanges = vi.fn()
    const onUnregistered = vi.fn()
    createTabSync({ channel: fake.channel, onChanges, onUnregistered })
    fake.deliver({ v: 1, applied: [removal(1)], written: [removal(2), { junk: true }] })
    expect(onChanges).toHaveBeenCalledTimes(1)
    const [updates, written] = onChanges.mock.calls[0] as [ReturnType<typeof emptyUpdates>, OutboxItem[]]
    expect(updates.inviteKeys).toEqual([
      { type: 'delete', id: 1, key: 'k1' },
      { type: 'delete', id: 2, key: 'k2' },
    ])
    expect(written).toEqual([removal(2)])
    fake.deliver({ v: 2 })
    fake.deliver('junk')
    expect(onChanges).toHaveBeenCalledTimes(1)
    expect(onUnregistered).not.toHaveBeenCalled()
    fake.deliver({ v: 1, applied: [], written: [], unregistered: true })
    expect(onUnregistered).toHaveBeenCalledTimes(1)
    expect(onChanges).toHaveBeenCalledTimes(1)
    fake.deliver({ v: 1, applied: [], written: [], unregistered: 'yes' })
    expect(onUnregistered).toHaveBeenCalledTimes(1)
    expect(onChanges).toHaveBeenCalledTimes(2)
  })
})

describe('openTabChannel', () => {
  test('default: none where the platform has no BroadcastChannel', () => {
    vi.stubGlobal('BroadcastChannel', undefined)
    expect(openTabChannel('chatsync@1//account:x')).toBeUndefined()
  })

  test('behavior: a BroadcastChannel without unref (a browser) works as well', () => {
    class BrowserChannel {
      onmessage: ((event: { data: unknown }) => void) | null = null
      posted: unknown[] = []
      constructor(readonly name: string) {}
      postMessage(message: unknown) {
        this.posted.push(message)
      }
      close() {}
    }
    vi.stubGlobal('BroadcastChannel', BrowserChannel)
    const channel = openTabChannel('chatsync@1//account:x')
    expect(channel).toBeDefined()
    expect(() => channel?.post({ v: 1, applied: [], written: [] })).not.toThrow()
  })

  test('behavior: engines on one storage key hear each other, not themselves nor other keys; posting after close is harmless', async () => {
    const name = `chatsync@1//account:test-${Math.random()}`
    const [a, b, other] = [openTabChannel(name), openTabChannel(name), openTabChannel(`${name}-other`)]
    if (!a || !b || !other) throw new Error('expected BroadcastChannel in Node')
    const heard = { a: [] as unknown[], b: [] as unknown[], other: [] as unknown[] }
    a.listen((message) => heard.a.push(message))
    b.listen((message) => heard.b.push(message))
    other.listen((message) => heard.other.push(message))
    const message: TabMessage = { v: 1, applied: [], written: [removal(1)] }
    a.post(message)
    await vi.waitFor(() => expect(heard.b).toEqual([message]))
    expect(heard.a).toEqual([])
    expect(heard.other).toEqual([])
    a.close()
    expect(() => a.post(message)).not.toThrow()
    // A closed channel hears nothing more.
    b.close()
    const c = openTabChannel(name)
    const heardByC: unknown[] = []
    const d = openTabChannel(name)
    d?.listen((message) => heardByC.push(message))
    c?.post(message)
    await vi.waitFor(() => expect(heardByC).toEqual([message]))
    expect(heard.b).toEqual([message])
    c?.close()
    d?.close()
    other.close()
  })
})
