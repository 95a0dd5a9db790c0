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

  test('behavior: a delete is just its key', () => {
    expect(localDelete('k')).toEqual({ type: 'delete', key: 'k' })
  })

  // A request's size: the value's JSON text and the key, each escaped as a JSON string, and 80 characters
  // for the rest of the request (method, id, brackets).
  const limit = ENGINE_LIMITS.maxRequestLength
  const requestSize = (text: string, key: string) =>
    JSON.stringify(text).length + JSON.stringify(key).length + 80

  test('behavior: a value whose request is exactly at the limit is accepted; one character more is refused, saying by how much', () => {
    // Padding in a text field: one more character, one more in the request (nothing to escape).
    const padded = (length: number) => ({ ...thread, selfAccount: 'x'.repeat(length) })
    const base = requestSize(JSON.stringify(padded(0)), thread.topic)
    const atLimit = padded(limit - base)
    expect(requestSize(JSON.stringify(atLimit), thread.topic)).toBe(limit)
    expect(localSet('threads', atLimit)).toMatchObject({ type: 'set', key: thread.topic, value: atLimit })
    const over = padded(limit - base + 1)
    expect(() => localSet('threads', over)).toThrow(
      new PayloadTooLargeError({ store: 'com.walletconnect.chat.threads', size: limit + 1, limit }),
    )
    expect(() => localSet('threads', over)).toThrow(`(${limit + 1} > ${limit} characters)`)
  })

  test('behavior: the key counts as well as the value (a long key is in both)', () => {
    // The topic is the key: a request carries it twice, once in the value and once as the key.
    const long = { ...thread, topic: 't'.repeat(limit / 2) }
    expect(requestSize(JSON.stringify(long), long.topic)).toBeGreaterThan(limit)
    expect(JSON.stringify(long).length).toBeLessThan(limit)
    expect(() => localSet('threads', long)).toThrow(PayloadTooLargeError)
  })

  test('behavior: characters escaped in the request count as escaped', () => {
    // `"` in a field is `\"` in the value's JSON and `\\\"` in the request: four characters.
    const quoted = (length: number) => ({ ...thread, selfAccount: '"'.repeat(length) })
    const base = requestSize(JSON.stringify(quoted(0)), thread.topic)
    const under = Math.floor((limit - base) / 4)
    expect(requestSize(JSON.stringify(quoted(under)), thread.topic)).toBeLessThanOrEqual(limit)
    expect(localSet('threads', quoted(under)).type).toBe('set')
    expect(() => localSet('threads', quoted(under + 1))).toThrow(PayloadTooLargeError)
  })

  test('behavior: a delete key whose request is exactly at the limit is accepted; one character more is refused', () => {
    // A delete's request: the key, escaped, and 80 characters for the rest.
    const atLimit = 'k'.repeat(limit - 82)
    expect(JSON.stringify(atLimit).length + 80).toBe(limit)
    expect(localDelete(atLimit)).toEqual({ type: 'delete', key: atLimit })
    expect(() => localDelete(`${atLimit}k`)).toThrow(InvalidStoreKeyError)
  })
})
