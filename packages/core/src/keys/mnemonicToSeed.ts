import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha512 } from '@noble/hashes/sha2.js'

const encoder = new TextEncoder()

/**
 * BIP-39 seed of a mnemonic with an empty passphrase: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic",
 * password the NFKD mnemonic. Uses WebCrypto when the platform has it (browsers, Node >= 20) and the pure
 * JS implementation otherwise (or when WebCrypto refuses, e.g. an insecure browser context).
 */
export async function mnemonicToSeed(mnemonic: string): Promise<Uint8Array> {
  const password = encoder.encode(mnemonic.normalize('NFKD'))
  const salt = encoder.encode('mnemonic')
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
