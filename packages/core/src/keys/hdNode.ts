import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { BaseError } from '../errors/base.js'

/**
 * A BIP-32 private node. The public key (one secp256k1 point multiplication, by far the most expensive
 * step) is computed only when a non-hardened child needs it, so leaves and hardened ancestors never pay
 * for one.
 */
export type HdNode = {
  readonly privateKey: Uint8Array
  readonly chainCode: Uint8Array
  publicKey?: Uint8Array
}

const ORDER = secp256k1.Point.Fn.ORDER
const HARDENED = 0x80000000
const MASTER_SECRET = new TextEncoder().encode('Bitcoin seed')

function fromDigest(digest: Uint8Array, parentKey?: bigint): HdNode {
  const left = bytesToNumberBE(digest.subarray(0, 32))
  const key = parentKey === undefined ? left : (left + parentKey) % ORDER
  // Probability about 2^-127 (BIP-32 says to skip such an index; it never happens in practice).
  if (left >= ORDER || key === 0n) throw new BaseError('Key derivation produced an invalid key.')
  return { privateKey: numberToBytesBE(key, 32), chainCode: digest.slice(32) }
}

/** The BIP-32 master node of a seed. */
export function masterNode(seed: Uint8Array): HdNode {
  return fromDigest(hmac(sha512, MASTER_SECRET, seed))
}

/** The child at `index` (0 ≤ index < 2^31), hardened or not (BIP-32 CKDpriv). */
export function childNode(parent: HdNode, index: number, hardened = false): HdNode {
  const data = new Uint8Array(37)
  if (hardened) {
    data.set(parent.privateKey, 1)
  } else {
    parent.publicKey ??= secp256k1.getPublicKey(parent.privateKey, true)
    data.set(parent.publicKey, 0)
  }
  new DataView(data.buffer).setUint32(33, hardened ? index + HARDENED : index, false)
  return fromDigest(hmac(sha512, parent.chainCode, data), bytesToNumberBE(parent.privateKey))
}
