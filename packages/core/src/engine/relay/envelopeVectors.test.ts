import { describe, expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { utf8Encode } from '../../platform/utf8.js'
import { openEnvelope, sealEnvelope, storeKeyBytes } from './envelope.js'

/*
 * Envelopes with nothing but the core (these also run on Hermes, see test/hermes): one sealed by
 * @walletconnect/utils' `encrypt` (type 0, the threads key of the published vector's signature, a fixed
 * iv), what this platform seals, and every way an envelope can be refused.
 */

const key = storeKeyBytes('787af5921525e992034f67631758e8484d1f7f84d03e63d7212002805189e556')
const text =
  '{"id":1684319157629569,"jsonrpc":"2.0","method":"wc_syncSet","params":{"key":"k","value":"{\\"caf\u00e9\\":\\"\u{1f600}\\"}"}}'
const byWalletConnect =
  'AAABAgMEBQYHCAkKC5akfRMjb7Xp8l5eXd0x0N1KWcdJZDuqhbW5DeSePlZNlIcP3itLLP7Tuj3YMRs044LepUaTq2masJbZOuS09qVjSCQZD8SxTnwDehHEmSdBCDEa7tipyjYmnWTPWKMrLarNtH3v8oH7IL0r2lBDPl/sm7ZF2r4v/aQ8d7iAYdCvHw=='

describe('envelope vectors', () => {
  test('default: opens what @walletconnect/utils sealed', () => {
    expect(openEnvelope(key, byWalletConnect)).toEqual({ ok: true, text })
  })

  test('behavior: with the same iv, sealing here gives the same bytes', () => {
    const primitives = getPrimitives()
    const iv = Uint8Array.from({ length: 12 }, (_, i) => i)
    const sealed = primitives.seal(key, iv, utf8Encode(text))
    const envelope = new Uint8Array(1 + iv.length + sealed.length)
    envelope.set(iv, 1)
    envelope.set(sealed, 1 + iv.length)
    expect(primitives.toBase64(envelope)).toBe(byWalletConnect)
  })

  test('behavior: what this platform seals, it opens; each seal has a fresh iv', () => {
    for (const message of ['', 'x', text, '\u4e2d'.repeat(5000)]) {
      const first = sealEnvelope(key, message)
      expect(openEnvelope(key, first)).toEqual({ ok: true, text: message })
      expect(sealEnvelope(key, message)).not.toBe(first)
    }
  })

  test('behavior: tampering, another key, another type, bad base64 and non-UTF-8 plaintext are refused', () => {
    const primitives = getPrimitives()
    const bytes = primitives.fromBase64(byWalletConnect) as Uint8Array
    const flipped = bytes.slice()
    flipped[20] = (flipped[20] as number) ^ 1
    const typeOne = bytes.slice()
    typeOne[0] = 1
    const otherKey = storeKeyBytes('11'.repeat(32))
    const iv = new Uint8Array(12)
    const notText = primitives.seal(key, iv, new Uint8Array([0x7b, 0xc0, 0x80, 0x7d]))
    const notTextEnvelope = new Uint8Array(13 + notText.length)
    notTextEnvelope.set(notText, 13)
    expect(openEnvelope(key, primitives.toBase64(flipped))).toEqual({ ok: false, reason: 'unauthenticated' })
    expect(openEnvelope(otherKey, byWalletConnect)).toEqual({ ok: false, reason: 'unauthenticated' })
    expect(openEnvelope(key, primitives.toBase64(typeOne))).toEqual({ ok: false, reason: 'not-type-0' })
    // Node's native base64 skips what is not base64 (the cipher then refuses it); the portable one refuses it.
    expect(openEnvelope(key, `${byWalletConnect.slice(0, -4)}!!!!`).ok).toBe(false)
    expect(openEnvelope(key, 'AAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(openEnvelope(key, primitives.toBase64(notTextEnvelope))).toEqual({ ok: false, reason: 'not-text' })
  })
})
