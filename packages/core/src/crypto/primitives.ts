import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha512 } from '@noble/hashes/sha2.js'

/**
 * The few primitives the engine needs beyond what WebCrypto offers everywhere: HMAC-SHA512 and a
 * secp256k1 public key for BIP-32, and ChaCha20-Poly1305 for store messages.
 *
 * In browsers they come from the audited @noble libraries (`portablePrimitives`). In Node the same
 * operations run natively (OpenSSL through `node:crypto`, see `nodePrimitives.ts`): a new device derives
 * its keys and opens thousands of messages while the JavaScript versions are still cold, and the native
 * ones have no warm-up. Which set a build uses is decided by `#platform-primitives` (package.json
 * `imports`: `platform.node.ts` under the `node` condition, `platform.ts` elsewhere). Both sets are
 * tested against each other and against published vectors.
 */
export type CryptoPrimitives = {
  hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array
  /** The 33-byte compressed public key of a valid secp256k1 private key. */
  publicKey(privateKey: Uint8Array): Uint8Array
  /** ChaCha20-Poly1305: ciphertext followed by the 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array
  /** The plaintext, or `undefined` when the tag does not authenticate. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | undefined
}

export const portablePrimitives: CryptoPrimitives = {
  hmacSha512: (key, data) => hmac(sha512, key, data),
  publicKey: (privateKey) => secp256k1.getPublicKey(privateKey, true),
  seal: (key, nonce, plaintext) => chacha20poly1305(key, nonce).encrypt(plaintext),
  open(key, nonce, sealed) {
    try {
      return chacha20poly1305(key, nonce).decrypt(sealed)
    } catch {
      return undefined
    }
  },
}
