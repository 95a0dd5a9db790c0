import { bytesToHex } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { ChatProtocolError } from './ChatProtocolError'
import { keyBytes } from './keys'

/** The multicodec prefix of an X25519 public key (0xec, as an unsigned varint). */
const X25519_PREFIX = [0xec, 0x01] as const
const DID_KEY_PREFIX = 'did:key:z'

/**
 * An X25519 public key (hex) as the `did:key` the keys server hands out as `inviteKey`:
 * `did:key:z` + base58btc(0xec 0x01 ‖ key).
 */
export function encodeX25519DidKey(publicKey: string): string {
  const bytes = new Uint8Array(34)
  bytes.set(X25519_PREFIX)
  bytes.set(keyBytes(publicKey, 'public key'), 2)
  return DID_KEY_PREFIX + base58.encode(bytes)
}

/** The X25519 public key (hex) of a `did:key`; anything else is an `invalid-did-key`. */
export function decodeX25519DidKey(didKey: string): string {
  if (typeof didKey !== 'string' || !didKey.startsWith(DID_KEY_PREFIX))
    throw new ChatProtocolError('invalid-did-key', { details: 'Expected did:key:z…' })
  let bytes: Uint8Array
  try {
    bytes = base58.decode(didKey.slice(DID_KEY_PREFIX.length))
  } catch {
    throw new ChatProtocolError('invalid-did-key', { details: 'Not base58btc.' })
  }
  if (bytes.length !== 34 || bytes[0] !== X25519_PREFIX[0] || bytes[1] !== X25519_PREFIX[1])
    throw new ChatProtocolError('invalid-did-key', { details: 'Not an X25519 public key.' })
  return bytesToHex(bytes.subarray(2))
}
