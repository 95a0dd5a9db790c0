import { type CryptoPrimitives, portablePrimitives } from './primitives.js'

type Bytes = Uint8Array
type NodeCipher = { update(data: Bytes): Bytes; final(): Bytes }

/** The part of `node:crypto` used here. */
export type NodeCrypto = {
  getCiphers(): string[]
  getCurves(): string[]
  createHmac(algorithm: 'sha512', key: Bytes): { update(data: Bytes): { digest(): Bytes } }
  createECDH(curve: 'secp256k1'): {
    setPrivateKey(key: Bytes): void
    getPublicKey(encoding: null, format: 'compressed'): Bytes
  }
  createCipheriv(
    algorithm: 'chacha20-poly1305',
    key: Bytes,
    nonce: Bytes,
    options: { authTagLength: 16 },
  ): NodeCipher & { getAuthTag(): Bytes }
  createDecipheriv(
    algorithm: 'chacha20-poly1305',
    key: Bytes,
    nonce: Bytes,
    options: { authTagLength: 16 },
  ): NodeCipher & { setAuthTag(tag: Bytes): void }
}

const TAG = 16

/**
 * Native primitives on `node:crypto`, each falling back to the portable one where the runtime's crypto
 * lacks the algorithm (some non-Node runtimes emulate `node:crypto` only in part).
 */
export function nodePrimitives(crypto: NodeCrypto): CryptoPrimitives {
  const chacha = crypto.getCiphers().includes('chacha20-poly1305')
  const secp256k1 = crypto.getCurves().includes('secp256k1')
  return {
    hmacSha512: (key, data) => crypto.createHmac('sha512', key).update(data).digest(),
    publicKey: secp256k1
      ? (privateKey) => {
          // One object per key (about as fast as reusing one), so no private key stays behind in it.
          const ecdh = crypto.createECDH('secp256k1')
          ecdh.setPrivateKey(privateKey)
          return ecdh.getPublicKey(null, 'compressed')
        }
      : portablePrimitives.publicKey,
    seal: chacha
      ? (key, nonce, plaintext) => {
          const cipher = crypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG })
          // A stream cipher: update() returns every byte, final() none.
          const ciphertext = cipher.update(plaintext)
          cipher.final()
          const tag = cipher.getAuthTag()
          const out = new Uint8Array(ciphertext.length + TAG)
          out.set(ciphertext)
          out.set(tag, ciphertext.length)
          return out
        }
      : portablePrimitives.seal,
    toBase64: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    // Node's decoder skips characters outside the alphabet; that is harmless here because whatever it
    // yields must still pass the cipher's authentication, and a check would cost more than decryption.
    // A plain Uint8Array view: slicing a Buffer goes through its species constructor, several times slower.
    fromBase64: (text) => {
      if (text.length % 4 === 1) return undefined
      const bytes = Buffer.from(text, 'base64')
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
    },
    open: chacha
      ? (key, nonce, sealed) => {
          if (sealed.length < TAG) return undefined
          try {
            const decipher = crypto.createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG })
            decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
            const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG))
            decipher.final() // throws unless the tag authenticates
            return plaintext
          } catch {
            return undefined
          }
        }
      : portablePrimitives.open,
  }
}
