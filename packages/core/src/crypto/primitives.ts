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
  /**
   * PBKDF2-HMAC-SHA512 with a 64-byte result, where a native one was plugged in (`withNativeCrypto`);
   * otherwise key derivation uses WebCrypto where there is one, else @noble's.
   */
  pbkdf2Sha512?(password: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array
  /** Standard base64 with padding, as the relay carries envelopes. */
  toBase64(bytes: Uint8Array): string
  /** The bytes of base64 text, or `undefined` when it is not base64. */
  fromBase64(text: string): Uint8Array | undefined
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/

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
  toBase64(bytes) {
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    }
    return btoa(binary)
  },
  fromBase64(text) {
    if (!BASE64.test(text)) return undefined
    const binary = atob(text)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  },
}
