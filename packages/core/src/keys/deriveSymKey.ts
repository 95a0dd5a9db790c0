import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'

export type DeriveSymKeyParameters = {
  /** Our X25519 private key (32 bytes, hex). Secret. */
  privateKey: string
  /** The peer's X25519 public key (32 bytes, hex). */
  publicKey: string
}

const HEX32 = /^[0-9a-fA-F]{64}$/

/**
 * The symmetric key two parties agree on, as WalletConnect's crypto derives every key-agreement key:
 * X25519(own private key, peer public key), then HKDF-SHA256 with no salt and no info, to 32 bytes (hex).
 * Either side gets the same key. `undefined` for keys that are not 32 bytes of hex, and for a peer key of
 * low order (it gives an all-zero secret, which @noble refuses).
 */
export function deriveSymKey({ privateKey, publicKey }: DeriveSymKeyParameters): string | undefined {
  if (!HEX32.test(privateKey) || !HEX32.test(publicKey)) return undefined
  let shared: Uint8Array
  try {
    shared = x25519.getSharedSecret(hexToBytes(privateKey), hexToBytes(publicKey))
  } catch {
    return undefined
  }
  return bytesToHex(hkdf(sha256, shared, undefined, undefined, 32))
}

/** The relay topic of a symmetric key (or of an invite public key): SHA-256 of its 32 bytes, hex. */
export function keyTopic(key: string): string {
  return bytesToHex(sha256(hexToBytes(key)))
}
