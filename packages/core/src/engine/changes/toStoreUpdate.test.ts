import { describe, expect, test } from 'vitest'
import { toStoreUpdate } from './toStoreUpdate.js'

const thread = {
  topic: 'a'.repeat(64),
  selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: 'b'.repeat(64),
}

describe('toStoreUpdate', () => {
  test('behavior: a delete needs no value; a set needs a valid value whose key is the item’s', () => {
    expect(toStoreUpdate('threads', { method: 'wc_syncDel', id: 5, key: 'k' })).toEqual({
      ok: true,
      value: { type: 'delete', id: 5, key: 'k' },
    })
    expect(
      toStoreUpdate('threads', {
        method: 'wc_syncSet',
        id: 5,
        key: thread.topic,
        value: JSON.stringify(thread),
      }),
    ).toEqual({
      ok: true,
      value: { type: 'set', id: 5, key: thread.topic, value: thread },
    })
    expect(
      toStoreUpdate('threads', { method: 'wc_syncSet', id: 5, key: 'other', value: JSON.stringify(thread) }),
    ).toEqual({
      ok: false,
      error: { reason: 'key-mismatch' },
    })
    const invalid = toStoreUpdate('threads', { method: 'wc_syncSet', id: 5, key: thread.topic, value: '{}' })
    expect(invalid).toMatchObject({
      ok: false,
      error: { reason: 'invalid-payload', cause: expect.anything() },
    })
  })
})
