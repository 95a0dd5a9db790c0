import { randomBytes } from '@noble/hashes/utils.js'
import { getPrimitives } from '#platform-primitives'

/*
 * The WalletConnect type-1 envelope, for a first message to a public key (a Chat invite):
 * base64( 0x01 ‖ senderPublicKey[32] ‖ iv[12] ‖ ChaCha20-Poly1305(symKey, iv, text) ), where symKey is
 * the key agreement of the sender's key pair with the receiver's public key (`deriveSymKey`); the
 * receiver derives it from its private key and the sender public key the envelope carries.
 */

const TYPE_1 = 1
const KEY_LENGTH = 32
const IV_LENGTH = 12
const TAG_LENGTH = 16
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** Seals `text` with `symKey` into a type-1 envelope carrying `senderPublicKey`. */
export function sealTypeOneEnvelope(symKey: Uint8Array, senderPublicKey: Uint8Array, text: string): string {
  const iv = randomBytes(IV_LENGTH)
  const primitives = getPrimitives()
  const sealed = primitives.seal(symKey, iv, encoder.encode(text))
  const out = new Uint8Array(1 + KEY_LENGTH + IV_LENGTH + sealed.length)
  out[0] = TYPE_1
  out.set(senderPublicKey, 1)
  out.set(iv, 1 + KEY_LENGTH)
  out.set(sealed, 1 + KEY_LENGTH + IV_LENGTH)
  return primitives.toBase64(out)
}

export type ReadTypeOneEnvelopeResult =
  | { ok: true; senderPublicKey: Uint8Array; open(symKey: Uint8Array): string | undefined }
  | { ok: false; reason: 'malformed' | 'not-type-1' }

/**
 * Reads a type-1 envelope: its sender public key (to derive the symKey with) and an `open` that decrypts
 * it with that symKey (`undefined` for a wrong key, tampering, or text that is not UTF-8).
 */
export function readTypeOneEnvelope(encoded: string): ReadTypeOneEnvelopeResult {
  const primitives = getPrimitives()
  const bytes = primitives.fromBase64(encoded)
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'malformed' }
  if (bytes[0] !== TYPE_1) return { ok: false, reason: 'not-type-1' }
  if (bytes.length < 1 + KEY_LENGTH + IV_LENGTH + TAG_LENGTH) return { ok: false, reason: 'malformed' }
  return {
    ok: true,
    senderPublicKey: bytes.slice(1, 1 + KEY_LENGTH),
    open(symKey) {
      const start = 1 + KEY_LENGTH
      const plain = primitives.open(
        symKey,
        bytes.subarray(start, start + IV_LENGTH),
        bytes.subarray(start + IV_LENGTH),
      )
      if (!plain) return undefined
      try {
        return decoder.decode(plain)
      } catch {
        return undefined
      }
    },
  }
}
