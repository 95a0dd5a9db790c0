import * as nodeCrypto from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { SECP256K1_ORDER } from '../keys/deriveStoreKeys.js'
import { type NodeCrypto, nodePrimitives } from './nodePrimitives.js'
import { getPrimitives as getPortable } from './platform.js'
import { portablePrimitives } from './primitives.js'

const native = nodePrimitives(nodeCrypto as unknown as NodeCrypto)
const backends = [
  ['portable', portablePrimitives],
  ['native', native],
] as const

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length })
const privateKey = bytes(32).filter((key) => {
  const n = BigInt(`0x${Buffer.from(key).toString('hex')}`)
  return n > 0n && n < SECP256K1_ORDER
})

describe('crypto primitives', () => {
  test('default: Node resolves the native primitives, other platforms the portable ones', () => {
    expect(getPrimitives()).not.toBe(portablePrimitives)
    expect(getPrimitives()).toBe(getPrimitives())
    expect(getPortable()).toBe(portablePrimitives)
    expect(SECP256K1_ORDER).toBe(secp256k1.Point.CURVE().n)
  })

  test('behavior: HMAC-SHA512 and public keys agree between the two', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (key, data) => {
        const expected = Buffer.from(portablePrimitives.hmacSha512(key, data)).toString('hex')
        expect(Buffer.from(native.hmacSha512(key, data)).toString('hex')).toBe(expected)
      }),
      { numRuns: 200 },
    )
    fc.assert(
      fc.property(privateKey, (key) => {
        const expected = Buffer.from(portablePrimitives.publicKey(key)).toString('hex')
        expect(expected).toHaveLength(66)
        expect(Buffer.from(native.publicKey(key)).toString('hex')).toBe(expected)
      }),
      { numRuns: 100 },
    )
  })

  test('behavior: what one seals, the other opens', () => {
    fc.assert(
      fc.property(bytes(32), bytes(12), fc.uint8Array({ maxLength: 2000 }), (key, nonce, plaintext) => {
        for (const [, sealer] of backends) {
          const sealed = sealer.seal(key, nonce, plaintext)
          expect(sealed.length).toBe(plaintext.length + 16)
          for (const [, opener] of backends) {
            expect(Buffer.from(opener.open(key, nonce, sealed) ?? [])).toEqual(Buffer.from(plaintext))
          }
        }
        expect(Buffer.from(native.seal(key, nonce, plaintext))).toEqual(
          Buffer.from(portablePrimitives.seal(key, nonce, plaintext)),
        )
      }),
      { numRuns: 100 },
    )
  })

  test('behavior: base64 agrees between the two, padded as the relay carries it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => {
        const text = Buffer.from(data).toString('base64')
        for (const [, primitives] of backends) {
          expect(primitives.toBase64(data)).toBe(text)
          expect(Buffer.from(primitives.fromBase64(text) ?? [0xff])).toEqual(Buffer.from(data))
        }
      }),
      { numRuns: 200 },
    )
    expect(Buffer.from(portablePrimitives.fromBase64('AAE') ?? [])).toEqual(Buffer.from([0, 1]))
  })

  test('parameters: text that is not base64 is refused', () => {
    for (const [, primitives] of backends) expect(primitives.fromBase64('AAAAA')).toBeUndefined()
    // The portable decoder checks the alphabet; Node's skips strangers, and the cipher refuses the result.
    for (const text of ['AB!C', 'A===', '=AAA', 'AA=A', 'AAAA AAAA']) {
      expect(portablePrimitives.fromBase64(text)).toBeUndefined()
    }
  })

  test.each(backends)('parameters: %s refuses tampered, foreign and truncated input', (_, primitives) => {
    const key = new Uint8Array(32).fill(1)
    const nonce = new Uint8Array(12).fill(2)
    const sealed = primitives.seal(key, nonce, new TextEncoder().encode('{"a":1}'))
    const tampered = sealed.slice()
    tampered[0] = (tampered[0] as number) ^ 1
    expect(primitives.open(key, nonce, tampered)).toBeUndefined()
    expect(primitives.open(new Uint8Array(32).fill(3), nonce, sealed)).toBeUndefined()
    expect(primitives.open(key, new Uint8Array(12), sealed)).toBeUndefined()
    expect(primitives.open(key, nonce, sealed.subarray(0, 15))).toBeUndefined()
    expect(primitives.open(key, nonce, new Uint8Array(0))).toBeUndefined()
  })

  test('behavior: a runtime whose node:crypto lacks an algorithm falls back to the portable one', () => {
    const partial = {
      ...(nodeCrypto as unknown as NodeCrypto),
      getCiphers: () => [],
      getCurves: () => [],
    } as NodeCrypto
    const primitives = nodePrimitives(partial)
    expect(primitives.seal).toBe(portablePrimitives.seal)
    expect(primitives.open).toBe(portablePrimitives.open)
    expect(primitives.publicKey).toBe(portablePrimitives.publicKey)
  })
})
