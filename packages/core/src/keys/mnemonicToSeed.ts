import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { utf8Encode } from '../platform/utf8.js'

/**
 * BIP-39 seed of a mnemonic with an empty passphrase: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic",
 * password the NFKD mnemonic. Uses a native PBKDF2 when one was plugged in (React Native), else WebCrypto
 * when the platform has it (browsers, Node >= 20), else the pure JS implementation (Hermes, or when
 * WebCrypto refuses, e.g. an insecure browser context).
 */
export async function mnemonicToSeed(
  mnemonic: string,
  nativePbkdf2?: (password: Uint8Array, salt: Uint8Array, iterations: number) => Uint8Array,
): Promise<Uint8Array> {
  const password = utf8Encode(mnemonic.normalize('NFKD'))
  const salt = utf8Encode('mnemonic')
  if (nativePbkdf2) return nativePbkdf2(password, salt, 2048)
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle
  if (subtle) {
    try {
      const key = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits'])
      const bits = await subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-512', salt, iterations: 2048 },
        key,
        512,
      )
      return new Uint8Array(bits)
    } catch {
      // fall through to the portable implementation
    }
  }
  return pbkdf2(sha512, password, salt, { c: 2048, dkLen: 64 })
}
