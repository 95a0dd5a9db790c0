import { describe, expect, test } from 'vitest'
import { InvalidStoreKeyError, PayloadTooLargeError } from '../../errors/engine.js'
import { PayloadValidationError } from '../../errors/payload.js'
import { ENGINE_LIMITS } from '../limits.js'
import { localDelete, localSet, withId } from './localChange.js'

const thread = {
  topic: 'a'.repeat(64),
  selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: 'b'.repeat(64),
}

describe('local changes', () => {
  test('default: a set carries its key, its checked value and that value as JSON text, made once', () => {
    const change = localSet('threads', thread)
    expect(change).toEqual({ type: 'set', key: thread.topic, value: thread, text: JSON.stringify(thread) })
    expect(withId('threads', change, 42)).toEqual({
      update: { type: 'set', id: 42, key: thread.topic, value: thread },
      item: {
        store: 'threads',
        method: 'wc_syncSet',
        id: 42,
        key: thread.topic,
        value: JSON.stringify(thread),
      },
    })
    expect(withId('threads', localDelete('k'), 43)).toEqual({
      update: { type: 'delete', id: 43, key: 'k' },
      item: { store: 'threads', method: 'wc_syncDel', id: 43, key: 'k' },
    })
  })

  test('errors: a value failing its schema, a request over the size limit, a key that is not one', () => {
    expect(() => localSet('threads', { topic: thread.topic })).toThrow(PayloadValidationError)
    const huge = { ...thread, extra: 'x'.repeat(ENGINE_LIMITS.maxRequestLength) }
    expect(() => localSet('threads', huge)).toThrow(PayloadTooLargeError)
    for (const key of ['', 42, undefined, 'k'.repeat(ENGINE_LIMITS.maxRequestLength)]) {
      expect(() => localDelete(key)).toThrow(InvalidStoreKeyError)
    }
  })
})
