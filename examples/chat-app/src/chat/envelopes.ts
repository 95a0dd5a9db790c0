import { bytesToHex } from '@noble/hashes/utils.js'
import { decrypt, deserialize, encrypt, TYPE_0, TYPE_1 } from '@walletconnect/utils'
import { ChatProtocolError } from './ChatProtocolError'
import { keyBytes } from './keys'

/*
 * The WalletConnect envelopes, sealed and opened by `@walletconnect/utils` (what the core's
 * `crypto.encode/decode` use):
 * - type 0: base64( 0x00 ‖ iv ‖ ChaCha20-Poly1305(symKey, iv, text) ), for parties that share a symKey;
 * - type 1: base64( 0x01 ‖ senderPublicKey ‖ iv ‖ sealed ), for a first message to a public key: the
 *   receiver derives the symKey from its private key and the sender public key carried in the envelope.
 * Only the expected type is accepted: the core's decoder would also take type 2 (not encrypted at all).
 */

const MIN_LENGTH = { [TYPE_0]: 1 + 12 + 16, [TYPE_1]: 1 + 32 + 12 + 16 } as const

function read(encoded: string) {
  if (typeof encoded !== 'string' || encoded.length === 0)
    throw new ChatProtocolError('malformed-envelope', { details: 'Empty message.' })
  try {
    const parsed = deserialize({ encoded })
    const type = parsed.type[0]
    const length = parsed.type.length + (parsed.senderPublicKey?.length ?? 0) + parsed.iv.length
    return { type, parsed, length: length + parsed.sealed.length }
  } catch {
    throw new ChatProtocolError('malformed-envelope', { details: 'Not base64.' })
  }
}

function open(encoded: string, symKey: string): string {
  try {
    return decrypt({ encoded, symKey })
  } catch {
    throw new ChatProtocolError('undecryptable')
  }
}

/** Seals `text` for holders of `symKey` (type 0). */
export function sealTypeZero(symKey: string, text: string): string {
  keyBytes(symKey, 'symKey')
  return encrypt({ type: TYPE_0, symKey, message: text })
}

/** Opens a type-0 envelope with `symKey`; any other envelope, key or tampering fails. */
export function openTypeZero(symKey: string, encoded: string): string {
  keyBytes(symKey, 'symKey')
  const { type, length } = read(encoded)
  if (type !== TYPE_0) throw new ChatProtocolError('wrong-envelope-type', { details: 'Expected type 0.' })
  if (length < MIN_LENGTH[TYPE_0])
    throw new ChatProtocolError('malformed-envelope', { details: 'Too short.' })
  return open(encoded, symKey)
}

/** Seals `text` with `symKey` (type 1), carrying the sender's public key for the receiver's key agreement. */
export function sealTypeOne(symKey: string, senderPublicKey: string, text: string): string {
  keyBytes(symKey, 'symKey')
  keyBytes(senderPublicKey, 'sender public key')
  return encrypt({ type: TYPE_1, symKey, senderPublicKey, message: text })
}

/** The sender public key (hex) of a type-1 envelope, which the receiver needs to derive the symKey. */
export function readTypeOneSender(encoded: string): string {
  const { type, parsed, length } = read(encoded)
  if (type !== TYPE_1) throw new ChatProtocolError('wrong-envelope-type', { details: 'Expected type 1.' })
  if (length < MIN_LENGTH[TYPE_1] || !parsed.senderPublicKey)
    throw new ChatProtocolError('malformed-envelope', { details: 'Too short.' })
  return bytesToHex(parsed.senderPublicKey)
}

/** Opens a type-1 envelope with the symKey derived for its sender. */
export function openTypeOne(symKey: string, encoded: string): string {
  keyBytes(symKey, 'symKey')
  readTypeOneSender(encoded)
  return open(encoded, symKey)
}
