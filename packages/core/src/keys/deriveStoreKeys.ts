import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { entropyToMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { getPrimitives } from '#platform-primitives'
import type { CryptoPrimitives } from '../crypto/primitives.js'
import { InvalidStoreNameError } from '../errors/keys.js'
import { utf8Encode } from '../platform/utf8.js'
import { checkSignature } from './checkSignature.js'
import { mnemonicToSeed } from './mnemonicToSeed.js'
import { STORE_PATH_PREFIX, storePathIndices } from './storePath.js'

export type StoreKeys = {
  /** BIP-32 path of the store key. */
  path: string
  /** The store's symmetric key (32 bytes, hex). Secret: never log it. */
  symKey: string
  /** The relay topic of the store: SHA-256 of the key bytes, hex. */
  topic: string
}

export type DeriveStoreKeysParameters<TStore extends string = string> = {
  /** The wallet's signature of `getSyncMessage(account)`, exactly as returned (e.g. `0x…`). */
  signature: string
  stores: readonly TStore[]
}

export type DeriveStoreKeysReturnType<TStore extends string = string> = Record<TStore, StoreKeys>

const HARDENED = 0x80000000
/** The order of secp256k1's base point. */
export const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/**
 * A BIP-32 extended private key, with its public key once a non-hardened child needed it (kept, so a
 * node shared by several store paths computes it once).
 */
type ExtendedKey = { key: Uint8Array; chainCode: Uint8Array; publicKey?: Uint8Array }

const split = (digest: Uint8Array): ExtendedKey => ({
  key: digest.slice(0, 32),
  chainCode: digest.slice(32),
})

/**
 * BIP-32 private child derivation (CKDpriv). A tweak outside the curve order or a zero key has a
 * probability below 2^-127; BIP-32 skips such an index, and so would no other device of the user here,
 * so it is refused rather than silently diverging.
 */
function deriveChild(crypto: CryptoPrimitives, parent: ExtendedKey, index: number): ExtendedKey {
  const data = new Uint8Array(37)
  if (index >= HARDENED) data.set(parent.key, 1)
  else {
    parent.publicKey ??= crypto.publicKey(parent.key)
    data.set(parent.publicKey)
  }
  new DataView(data.buffer).setUint32(33, index)
  const digest = crypto.hmacSha512(parent.chainCode, data)
  const tweak = bytesToNumberBE(digest.subarray(0, 32))
  const key = (tweak + bytesToNumberBE(parent.key)) % SECP256K1_ORDER
  if (tweak >= SECP256K1_ORDER || key === 0n)
    throw new RangeError('BIP-32: invalid child key, index must be skipped.')
  return { key: numberToBytesBE(key, 32), chainCode: digest.slice(32) }
}

/**
 * Derives each store's key and topic from the sync signature (sync-protocol §2). The seed is computed
 * once and nodes along shared path prefixes are derived once per call, so stores with a common name
 * prefix (all `com.walletconnect.chat.*` stores) share most of the work. Nothing is cached across calls.
 * The result is a null-prototype record keyed by store name.
 * @throws {InvalidSignatureError} when `signature` is not a non-empty string.
 * @throws {InvalidStoreNameError} when a store name cannot form a path.
 */
export async function deriveStoreKeys<TStore extends string>(
  parameters: DeriveStoreKeysParameters<TStore>,
): Promise<DeriveStoreKeysReturnType<TStore>> {
  return deriveStoreKeysWith(getPrimitives(), parameters)
}

/** {@link deriveStoreKeys} on the given primitives (tests compare the native and portable ones). */
export async function deriveStoreKeysWith<TStore extends string>(
  crypto: CryptoPrimitives,
  parameters: DeriveStoreKeysParameters<TStore>,
): Promise<DeriveStoreKeysReturnType<TStore>> {
  const { signature, stores } = (parameters ?? {}) as Partial<DeriveStoreKeysParameters<TStore>>
  checkSignature(signature)
  if (!Array.isArray(stores)) throw new InvalidStoreNameError({ reason: 'not-a-list' })
  // Validate every name before doing any expensive work.
  const plans = (stores as readonly TStore[]).map((name) => ({ name, indices: storePathIndices(name) }))

  const entropy = sha256(utf8Encode(signature))
  const seed = await mnemonicToSeed(entropyToMnemonic(entropy, wordlist), crypto.pbkdf2Sha512)
  // m/77'/0'/0
  let base = split(crypto.hmacSha512(utf8Encode('Bitcoin seed'), seed))
  for (const index of [77 + HARDENED, HARDENED, 0]) base = deriveChild(crypto, base, index)
  seed.fill(0)

  const nodes = new Map<string, ExtendedKey>()
  const result = Object.create(null) as DeriveStoreKeysReturnType<TStore>
  for (const { name, indices } of plans) {
    let node = base
    let path = STORE_PATH_PREFIX
    for (const index of indices) {
      path = `${path}/${index}`
      let child = nodes.get(path)
      if (!child) {
        child = deriveChild(crypto, node, index)
        nodes.set(path, child)
      }
      node = child
    }
    const { key } = node
    result[name] = { path, symKey: bytesToHex(key), topic: bytesToHex(sha256(key)) }
  }
  return result
}
