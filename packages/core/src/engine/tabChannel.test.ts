import { describe, expect, test } from 'vitest'
import { parseTabMessage } from './tabChannel.js'

describe('parseTabMessage', () => {
  test('behavior: anything but a version 1 message with a list of changes is ignored', () => {
    for (const message of [undefined, null, 'text', [], {}, { v: 2, changes: [] }, { v: 1, changes: {} }]) {
      expect(parseTabMessage(message)).toBeUndefined()
    }
  })

  test('behavior: keeps valid changes and outbox items, leaves out every malformed one', () => {
    const thread = {
      topic: 'a'.repeat(64),
      selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
      peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
      symKey: 'b'.repeat(64),
    }
    const item = {
      store: 'threads',
      method: 'wc_syncSet',
      id: 7,
      key: thread.topic,
      value: JSON.stringify(thread),
    }
    const parsed = parseTabMessage({
      v: 1,
      changes: [
        { store: 'threads', update: { type: 'set', id: 7, key: thread.topic, value: thread } },
        { store: 'inviteKeys', update: { type: 'delete', id: 8, key: 'eip155:1:0xabc' } },
        { store: 'nope', update: { type: 'delete', id: 9, key: 'k' } },
        { store: 'threads', update: { type: 'delete', id: -1, key: 'k' } },
        { store: 'threads', update: { type: 'delete', id: 10, key: 42 } },
        { store: 'threads', update: { type: 'move', id: 11, key: 'k' } },
        {
          store: 'threads',
          update: { type: 'set', id: 12, key: thread.topic, value: { topic: thread.topic } },
        },
        { store: 'threads', update: { type: 'set', id: 13, key: 'another key', value: thread } },
        'not a change',
      ],
      outbox: [item, { ...item, id: 0 }, { ...item, store: 'nope' }, 'not an item'],
    })
    expect(parsed?.updates).toEqual({
      sentInvites: [],
      threads: [{ type: 'set', id: 7, key: thread.topic, value: thread }],
      inviteKeys: [{ type: 'delete', id: 8, key: 'eip155:1:0xabc' }],
      receivedInviteStatuses: [],
    })
    expect(parsed?.outbox).toEqual([item])
  })
})
