import { deriveSymKey as wcDeriveSymKey, hashKey as wcHashKey } from '@walletconnect/utils'
import { describe, expect, test } from 'vitest'
import { ChatProtocolError } from './ChatProtocolError'
import { decodeX25519DidKey, encodeX25519DidKey } from './didKey'
import { deriveSymKey, generateKeyPair, topicOf } from './keys'

const hex32 = /^[0-9a-f]{64}$/

describe('deriveSymKey', () => {
  test('default: both sides derive the same key, the one WalletConnect’s crypto derives', () => {
    const a = generateKeyPair()
    const b = generateKeyPair()
    expect(a.publicKey).toMatch(hex32)
    expect(a.privateKey).toMatch(hex32)
    const key = deriveSymKey(a.privateKey, b.publicKey)
    expect(key).toMatch(hex32)
    expect(deriveSymKey(b.privateKey, a.publicKey)).toBe(key)
    expect(wcDeriveSymKey(a.privateKey, b.publicKey)).toBe(key)
    expect(deriveSymKey(a.privateKey, generateKeyPair().publicKey)).not.toBe(key)
  })

  test.each([
    ['a short key', 'ab'.repeat(31)],
    ['not hex', 'zz'.repeat(32)],
    ['a number', 42 as unknown as string],
  ])('parameters: %s is an invalid-key error', (_, bad) => {
    const { privateKey } = generateKeyPair()
    expect(() => deriveSymKey(privateKey, bad)).toThrowError(
      expect.objectContaining({ name: 'ChatProtocolError', reason: 'invalid-key' }),
    )
  })

  test('parameters: a low-order public key (no shared secret) is refused without leaking the private key', () => {
    const { privateKey } = generateKeyPair()
    let error: unknown
    try {
      deriveSymKey(privateKey, '00'.repeat(32))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ChatProtocolError)
    expect((error as ChatProtocolError).reason).toBe('invalid-key')
    expect((error as Error).message).not.toContain(privateKey)
  })
})

describe('topicOf', () => {
  test('default: sha256 of the key bytes, as the core’s hashKey', () => {
    const { publicKey } = generateKeyPair()
    expect(topicOf(publicKey)).toBe(wcHashKey(publicKey))
    // The spec's Sync test vector: store key → store topic.
    expect(topicOf('02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4')).toBe(
      '7a73cffc9951264511549e64222a612a27199b01d30fa952b708bcafce96ea3f',
    )
  })
})

describe('X25519 did:key', () => {
  test('default: the keys server’s example invite key decodes and encodes back', () => {
    const did = 'did:key:z6LStTPuJjDfTJccKp7jKCbqZLkXP9QLbAeT925Th3kvzvzX'
    const key = decodeX25519DidKey(did)
    expect(key).toMatch(hex32)
    expect(encodeX25519DidKey(key)).toBe(did)
  })

  test('behavior: any public key round-trips', () => {
    const { publicKey } = generateKeyPair()
    expect(encodeX25519DidKey(publicKey)).toMatch(/^did:key:z6LS/)
    expect(decodeX25519DidKey(encodeX25519DidKey(publicKey))).toBe(publicKey)
  })

  test.each([
    ['another method', 'did:pkh:eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'],
    ['not base58', 'did:key:z0OIl'],
    ['an Ed25519 key', 'did:key:z6MkkKzGDpQv4mR8Gkamt1Wbsrz4mFjjQpAgDFGE919vH7Ts'],
  ])('parameters: %s is an invalid-did-key error', (_, did) => {
    expect(() => decodeX25519DidKey(did)).toThrowError(
      expect.objectContaining({ name: 'ChatProtocolError', reason: 'invalid-did-key' }),
    )
  })
})
