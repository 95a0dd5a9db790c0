import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { ChatProtocolError } from './ChatProtocolError'

/** An X25519 key pair as lowercase hex (32 bytes each), the form the Chat stores hold. */
export type KeyPair = { publicKey: string; privateKey: string }

const HEX32 = /^[0-9a-fA-F]{64}$/

/** 32 bytes from hex; anything else is an `invalid-key`. */
export function keyBytes(key: string, what = 'key'): Uint8Array {
  if (typeof key !== 'string' || !HEX32.test(key))
    throw new ChatProtocolError('invalid-key', { details: `The ${what} must be 64 hex digits.` })
  return hexToBytes(key)
}

/** A fresh X25519 key pair from the platform's CSPRNG. */
export function generateKeyPair(): KeyPair {
  const { secretKey, publicKey } = x25519.keygen()
  return { publicKey: bytesToHex(publicKey), privateKey: bytesToHex(secretKey) }
}

/**
 * The symmetric key two parties agree on: X25519(own private key, peer public key), then HKDF-SHA256
 * (no salt, no info) to 32 bytes, as WalletConnect's crypto derives every DH symKey. Either side gets
 * the same key: `deriveSymKey(a.private, b.public) === deriveSymKey(b.private, a.public)`.
 */
export function deriveSymKey(privateKey: string, publicKey: string): string {
  const own = keyBytes(privateKey, 'private key')
  const peer = keyBytes(publicKey, 'public key')
  let shared: Uint8Array
  try {
    shared = x25519.getSharedSecret(own, peer)
  } catch {
    // A low-order peer key gives an all-zero secret, which noble refuses.
    throw new ChatProtocolError('invalid-key', { details: 'The public key gives no shared secret.' })
  }
  return bytesToHex(hkdf(sha256, shared, undefined, undefined, 32))
}

/** The relay topic of a key: SHA-256 of its 32 bytes (not of its hex text), as hex. */
export function topicOf(key: string): string {
  return bytesToHex(sha256(keyBytes(key)))
}
