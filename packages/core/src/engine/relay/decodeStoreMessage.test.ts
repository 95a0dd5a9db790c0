import { describe, expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { IncomingMessageError } from '../../errors/relay.js'
import { buildSyncDel, buildSyncSet } from '../../wire/syncRequest.js'
import { ENGINE_LIMITS } from '../limits.js'
import { decodeStoreMessage } from './decodeStoreMessage.js'
import { sealEnvelope, storeKeyBytes } from './envelope.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const key = storeKeyBytes('02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4')
const otherKey = storeKeyBytes('9'.repeat(64))
const thread = {
  topic: 'a'.repeat(64),
  selfAccount: account,
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: 'b'.repeat(64),
}

const sealed = (value: unknown, withKey = key) =>
  sealEnvelope(withKey, typeof value === 'string' ? value : JSON.stringify(value))
const decode = (message: unknown, storeId: 'threads' | 'inviteKeys' = 'threads') =>
  decodeStoreMessage({ account, storeId, message, key })
const reasonOf = (result: ReturnType<typeof decode>) => (result.ok ? 'ok' : result.error.reason)

describe('decodeStoreMessage', () => {
  test('default: a sealed wc_syncSet of a valid value is a set of its key; a wc_syncDel a delete', () => {
    const set = buildSyncSet({ id: 1700000000000123, key: thread.topic, value: JSON.stringify(thread) })
    expect(decode(sealed(set))).toEqual({
      ok: true,
      value: { type: 'set', id: 1700000000000123, key: thread.topic, value: thread },
    })
    const del = buildSyncDel({ id: 1700000000000124, key: 'anything' })
    expect(decode(sealed(del))).toEqual({
      ok: true,
      value: { type: 'delete', id: 1700000000000124, key: 'anything' },
    })
  })

  test('behavior: every way a message can be wrong is a typed error with its reason, never a throw', () => {
    const set = buildSyncSet({ id: 1700000000000123, key: thread.topic, value: JSON.stringify(thread) })
    expect(reasonOf(decode(undefined))).toBe('undecryptable')
    expect(reasonOf(decode(42))).toBe('undecryptable')
    expect(reasonOf(decode(''))).toBe('undecryptable')
    expect(reasonOf(decode('not base64 at all'))).toBe('undecryptable')
    expect(reasonOf(decode(sealed(set, otherKey)))).toBe('undecryptable')
    expect(reasonOf(decode('A'.repeat(ENGINE_LIMITS.maxMessageLength + 1)))).toBe('oversized')
    expect(reasonOf(decode(sealed('not json')))).not.toBe('ok')
    expect(reasonOf(decode(sealed({ ...set, method: 'wc_syncMove' })))).not.toBe('ok')
    const invalid = buildSyncSet({
      id: 1700000000000125,
      key: thread.topic,
      value: JSON.stringify({ topic: thread.topic }),
    })
    expect(reasonOf(decode(sealed(invalid)))).toBe('invalid-payload')
    const mismatch = buildSyncSet({
      id: 1700000000000126,
      key: 'c'.repeat(64),
      value: JSON.stringify(thread),
    })
    expect(reasonOf(decode(sealed(mismatch)))).toBe('key-mismatch')
    const result = decode(sealed(invalid), 'threads')
    if (result.ok) throw new Error('expected a rejection')
    expect(result.error).toBeInstanceOf(IncomingMessageError)
    expect(result.error).toMatchObject({ account, store: 'com.walletconnect.chat.threads' })
    expect(result.error.cause).toBeDefined()
  })

  test('behavior: a message of exactly the longest length is not rejected as oversized', () => {
    const set = buildSyncSet({ id: 1700000000000123, key: thread.topic, value: JSON.stringify(thread) })
    const message = sealed(set)
    const atLimit = message + ' '.repeat(ENGINE_LIMITS.maxMessageLength - message.length)
    expect(reasonOf(decode(atLimit))).not.toBe('oversized')
  })

  test('behavior: a sealed message whose bytes are not UTF-8 text is not JSON', () => {
    const primitives = getPrimitives()
    const iv = new Uint8Array(12).fill(7)
    const sealedBytes = primitives.seal(key, iv, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))
    const envelope = new Uint8Array(1 + iv.length + sealedBytes.length)
    envelope.set(iv, 1)
    envelope.set(sealedBytes, 1 + iv.length)
    expect(reasonOf(decode(primitives.toBase64(envelope)))).toBe('not-json')
  })
})
