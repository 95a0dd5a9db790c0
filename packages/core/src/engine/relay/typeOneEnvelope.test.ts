import { describe, expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { readTypeOneEnvelope, sealTypeOneEnvelope } from './typeOneEnvelope.js'

describe('typeOneEnvelope', () => {
  const key = new Uint8Array(32).fill(7)
  const sender = new Uint8Array(32).map((_, index) => index)

  test('default: what is sealed opens with the same key and carries the sender key', () => {
    const sealed = sealTypeOneEnvelope(key, sender, 'hello ✓')
    const read = readTypeOneEnvelope(sealed)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect([...read.senderPublicKey]).toEqual([...sender])
    expect(read.open(key)).toBe('hello ✓')
    expect(read.open(new Uint8Array(32).fill(8))).toBeUndefined()
    // A fresh iv each time.
    expect(sealTypeOneEnvelope(key, sender, 'hello ✓')).not.toBe(sealed)
  })

  test('error: empty, undecodable, short or other-type envelopes are told apart; tampering and non-UTF-8 text do not open', () => {
    const { toBase64, fromBase64, seal } = getPrimitives()
    expect(readTypeOneEnvelope('')).toEqual({ ok: false, reason: 'malformed' })
    expect(readTypeOneEnvelope('%%%')).toEqual({ ok: false, reason: 'malformed' })
    const sealed = fromBase64(sealTypeOneEnvelope(key, sender, 'x'))!
    expect(readTypeOneEnvelope(toBase64(Uint8Array.of(0, ...sealed.slice(1))))).toEqual({
      ok: false,
      reason: 'not-type-1',
    })
    // Exactly the header and a tag: still an envelope; one byte less: malformed.
    const minimal = sealed.slice(0, 1 + 32 + 12 + 16)
    expect(readTypeOneEnvelope(toBase64(minimal)).ok).toBe(true)
    expect(readTypeOneEnvelope(toBase64(minimal.slice(0, -1)))).toEqual({ ok: false, reason: 'malformed' })
    const tampered = sealed.slice()
    tampered[tampered.length - 1]! ^= 1
    const read = readTypeOneEnvelope(toBase64(tampered))
    expect(read.ok && read.open(key)).toBeUndefined()
    const iv = new Uint8Array(12)
    const notText = Uint8Array.of(1, ...sender, ...iv, ...seal(key, iv, Uint8Array.of(0xff, 0xfe)))
    const invalid = readTypeOneEnvelope(toBase64(notText))
    expect(invalid.ok && invalid.open(key)).toBeUndefined()
  })
})
