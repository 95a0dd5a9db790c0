import { hexToBytes } from '@noble/hashes/utils.js'
import { getPrimitives } from '#platform-primitives'
import { randomBytes } from '../../platform/randomBytes.js'
import { utf8Decode, utf8Encode } from '../../platform/utf8.js'

/*
 * The WalletConnect type-0 envelope, as `@walletconnect/core`'s `crypto.encode/decode` make it once
 * `setSymKey(storeKey)` has been called: base64( 0x00 ‖ iv[12] ‖ ChaCha20-Poly1305(storeKey, iv, text) ).
 *
 * The engine seals and opens store messages itself rather than through the core, for two reasons:
 * - Speed: the core's codec spends most of its time in a pure-JS base64 (about 110 µs to open one chat
 *   message, 80–150 µs to seal one, measured here); catching up 10,000 messages would take over a second
 *   in decoding alone. Here base64 is native, and so is the cipher on Node (see `crypto/primitives.ts`).
 * - Strictness: the core's `decode` also accepts type-2 envelopes, which are not encrypted at all, so
 *   anyone who can publish on a store topic (the relay sees the topics) could inject plaintext changes.
 *   Only type 0 is accepted here.
 */

const TYPE_0 = 0
const IV_LENGTH = 12
const TAG_LENGTH = 16

/** A store key (64 hex digits) as bytes. */
export function storeKeyBytes(symKey: string): Uint8Array {
  return hexToBytes(symKey)
}

/** Encrypts `text` into a type-0 envelope (base64, padded, as the core makes it). */
export function sealEnvelope(key: Uint8Array, text: string): string {
  const iv = randomBytes(IV_LENGTH)
  const primitives = getPrimitives()
  const sealed = primitives.seal(key, iv, utf8Encode(text))
  const out = new Uint8Array(1 + IV_LENGTH + sealed.length)
  out[0] = TYPE_0
  out.set(iv, 1)
  out.set(sealed, 1 + IV_LENGTH)
  return primitives.toBase64(out)
}

export type OpenEnvelopeResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'malformed' | 'not-type-0' | 'unauthenticated' | 'not-text' }

/** Decrypts a type-0 envelope; anything else (other types, bad base64, wrong key, tampering, non-UTF-8) fails. */
export function openEnvelope(key: Uint8Array, encoded: string): OpenEnvelopeResult {
  const primitives = getPrimitives()
  const bytes = primitives.fromBase64(encoded)
  if (!bytes || bytes.length < 1 + IV_LENGTH + TAG_LENGTH) return { ok: false, reason: 'malformed' }
  if (bytes[0] !== TYPE_0) return { ok: false, reason: 'not-type-0' }
  const plain = primitives.open(key, bytes.subarray(1, 1 + IV_LENGTH), bytes.subarray(1 + IV_LENGTH))
  if (!plain) return { ok: false, reason: 'unauthenticated' }
  const text = utf8Decode(plain)
  return text === undefined ? { ok: false, reason: 'not-text' } : { ok: true, text }
}
