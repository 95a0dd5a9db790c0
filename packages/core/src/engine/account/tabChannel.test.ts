import { describe, expect, test } from 'vitest'
import { toOutboxItem } from '../changes/toOutboxItem.js'
import { parseTabMessage } from './tabChannel.js'

const thread = {
  topic: 'a'.repeat(64),
  selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: 'b'.repeat(64),
}

describe('parseTabMessage', () => {
  test('behavior: anything but a version 1 message is ignored', () => {
    for (const message of [undefined, null, 'text', [], {}, { v: 2, applied: [] }]) {
      expect(parseTabMessage(message)).toBeUndefined()
    }
  })

  test('behavior: keeps valid changes and writes, leaves out every malformed one', () => {
    const set = toOutboxItem('threads', { type: 'set', id: 7, key: thread.topic, value: thread })
    const removal = toOutboxItem('inviteKeys', { type: 'delete', id: 8, key: 'eip155:1:0xabc' })
    const written = { ...set, id: 20 }
    const parsed = parseTabMessage({
      v: 1,
      applied: [
        set,
        removal,
        { ...removal, store: 'nope' },
        { ...removal, id: -1 },
        { ...removal, key: 42 },
        { ...removal, method: 'wc_syncMove' },
        { ...set, id: 12, value: JSON.stringify({ topic: thread.topic }) },
        { ...set, id: 13, key: 'another key' },
        { ...set, id: 14, value: 'not JSON' },
        'not an item',
      ],
      written: [written, { ...written, id: 0 }, 'not an item'],
    })
    expect(parsed?.updates).toEqual({
      sentInvites: [],
      threads: [
        { type: 'set', id: 7, key: thread.topic, value: thread },
        { type: 'set', id: 20, key: thread.topic, value: thread },
      ],
      inviteKeys: [{ type: 'delete', id: 8, key: 'eip155:1:0xabc' }],
      receivedInviteStatuses: [],
    })
    expect(parsed?.written).toEqual([written])
  })
})
