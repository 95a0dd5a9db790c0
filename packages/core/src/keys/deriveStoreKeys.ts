import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { HARDENED_OFFSET, HDKey } from '@scure/bip32'
import { entropyToMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { InvalidSignatureError, InvalidStoreNameError } from '../errors/keys.js'
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

const encoder = new TextEncoder()

/** @throws {InvalidSignatureError} when `signature` is not a non-empty string. */
export function checkSignature(signature: unknown): asserts signature is string {
  if (typeof signature !== 'string') throw new InvalidSignatureError({ reason: 'not-a-string' })
  if (signature.length === 0) throw new InvalidSignatureError({ reason: 'empty' })
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
  const { signature, stores } = (parameters ?? {}) as Partial<DeriveStoreKeysParameters<TStore>>
  checkSignature(signature)
  if (!Array.isArray(stores)) throw new InvalidStoreNameError({ reason: 'not-a-list' })
  // Validate every name before doing any expensive work.
  const plans = (stores as readonly TStore[]).map((name) => ({ name, indices: storePathIndices(name) }))

  const entropy = sha256(encoder.encode(signature))
  const seed = await mnemonicToSeed(entropyToMnemonic(entropy, wordlist))
  // m/77'/0'/0
  const base = HDKey.fromMasterSeed(seed)
    .deriveChild(77 + HARDENED_OFFSET)
    .deriveChild(HARDENED_OFFSET)
    .deriveChild(0)
  seed.fill(0)

  const nodes = new Map<string, HDKey>()
  const result = Object.create(null) as DeriveStoreKeysReturnType<TStore>
  for (const { name, indices } of plans) {
    let node = base
    let path = STORE_PATH_PREFIX
    for (const index of indices) {
      path = `${path}/${index}`
      let child = nodes.get(path)
      if (!child) {
        child = node.deriveChild(index)
        nodes.set(path, child)
      }
      node = child
    }
    // Private derivation from a master seed always yields a private key.
    const key = node.privateKey as Uint8Array
    result[name] = { path, symKey: bytesToHex(key), topic: bytesToHex(sha256(key)) }
  }
  return result
}
