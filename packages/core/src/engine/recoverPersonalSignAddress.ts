import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToNumberBE } from '@noble/curves/utils.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js'
import { utf8Encode } from '../platform/utf8.js'

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/
const { Point } = secp256k1
const Fn = Point.Fn

/**
 * The generator as a point of its own. `Point.BASE` builds a 4,096-point table on its first use (about
 * 35 ms of a register on a cold process); a recovery, done once per registration, is faster with the
 * plain non-constant-time multiplication (there is nothing secret in it).
 */
let generator: InstanceType<typeof Point> | undefined

/** ECDSA public key recovery (SEC 1 §4.1.6) for recovery ids 0 and 1: Q = r⁻¹(sR − hG). */
function recoverPublicKey(compact: Uint8Array, recovery: 0 | 1, hash: Uint8Array) {
  const { r, s } = secp256k1.Signature.fromBytes(compact, 'compact') // checks 0 < r, s < n
  const R = Point.fromBytes(concatBytes(Uint8Array.of(recovery === 1 ? 3 : 2), Point.Fp.toBytes(r)))
  const rInverse = Fn.inv(r)
  const h = Fn.create(bytesToNumberBE(hash))
  generator ??= Point.fromAffine(Point.BASE.toAffine())
  const Q = generator.multiplyUnsafe(Fn.create(-h * rInverse)).add(R.multiplyUnsafe(Fn.create(s * rInverse)))
  if (Q.is0()) throw new Error('point at infinity')
  Q.assertValidity()
  return Q
}

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
  const body = utf8Encode(message)
  const prefixed = concatBytes(utf8Encode(`\x19Ethereum Signed Message:\n${body.length}`), body)
  try {
    const point = recoverPublicKey(bytes.subarray(0, 64), recovery, keccak_256(prefixed))
    const publicKey = point.toBytes(false).subarray(1)
    return `0x${bytesToHex(keccak_256(publicKey).subarray(12))}`
  } catch {
    return undefined
  }
}
