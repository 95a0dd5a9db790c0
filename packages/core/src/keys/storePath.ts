import { InvalidStoreNameError } from '../errors/keys.js'

/** Derivation path shared by every store; each store's chunks follow it. */
export const STORE_PATH_PREFIX = "m/77'/0'/0"

/**
 * The non-hardened BIP-32 indices for a store name: the name cut into chunks of at most 4 characters,
 * each chunk's bytes read as a big-endian unsigned integer. Names are limited to printable ASCII, so a
 * chunk is at most 4 bytes below 0x80 and always a valid non-hardened index (< 2^31).
 * @throws {InvalidStoreNameError}
 */
export function storePathIndices(storeName: string): number[] {
  if (typeof storeName !== 'string') throw new InvalidStoreNameError({ reason: 'not-a-string' })
  if (storeName.length === 0) throw new InvalidStoreNameError({ reason: 'empty' })
  const indices: number[] = []
  let index = 0
  for (let i = 0; i < storeName.length; i++) {
    const code = storeName.charCodeAt(i)
    if (code < 0x20 || code > 0x7e) {
      throw new InvalidStoreNameError({ reason: 'unsupported-character' })
    }
    index = index * 256 + code
    if (i % 4 === 3 || i === storeName.length - 1) {
      indices.push(index)
      index = 0
    }
  }
  return indices
}

/**
 * The BIP-32 path of a store's key, e.g. `m/77'/0'/0/1836658037/1936028205/1886547814/6909029` for
 * `my-user-profile`.
 * @throws {InvalidStoreNameError}
 */
export function storePath(storeName: string): string {
  return `${STORE_PATH_PREFIX}/${storePathIndices(storeName).join('/')}`
}
