import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js'

const encoder = new TextEncoder()
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/

/**
 * The address (lowercase `0x…`) that made an EIP-191 `personal_sign` signature of `message`, or
 * `undefined` when the signature is not a well-formed 65-byte `r‖s‖v` signature or recovers to no point.
 */
export function recoverPersonalSignAddress(message: string, signature: string): string | undefined {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return undefined
  const bytes = hexToBytes(signature.slice(2))
  const v = bytes[64] as number
  const recovery = v >= 27 ? v - 27 : v
  if (recovery !== 0 && recovery !== 1) return undefined
  const body = encoder.encode(message)
  const prefixed = concatBytes(encoder.encode(`\x19Ethereum Signed Message:\n${body.length}`), body)
  try {
    const point = secp256k1.Signature.fromBytes(bytes.subarray(0, 64), 'compact')
      .addRecoveryBit(recovery)
      .recoverPublicKey(keccak_256(prefixed))
    const publicKey = point.toBytes(false).subarray(1)
    return `0x${bytesToHex(keccak_256(publicKey).subarray(12))}`
  } catch {
    return undefined
  }
}
