import { bytesToHex } from '@noble/hashes/utils.js'
import { NativeCryptoError } from '../errors/platform.js'
import type { CryptoPrimitives } from './primitives.js'

type Bytes = Uint8Array
/** What native crypto modules return: a Buffer, a typed array or an ArrayBuffer. */
type BytesLike = ArrayBufferLike | ArrayBufferView

/**
 * A native PBKDF2 and HMAC in Node's `crypto` shape, as `react-native-quick-crypto` (what React Native
 * wallets use) and Node itself offer them. Either may be left out; what is given replaces the pure-JS
 * implementation in key derivation (PBKDF2-HMAC-SHA512 × 2,048 is most of its cost on Hermes).
 */
export type NativeCrypto = {
  pbkdf2Sync?(password: Bytes, salt: Bytes, iterations: number, keylen: number, digest: 'sha512'): BytesLike
  createHmac?(algorithm: 'sha512', key: Bytes): { update(data: Bytes): { digest(): BytesLike } }
}

const toBytes = (value: BytesLike): Bytes =>
  value instanceof Uint8Array
    ? value
    : ArrayBuffer.isView(value)
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : new Uint8Array(value)

const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0))

// PBKDF2-HMAC-SHA512 of "password" / "salt", 64 bytes, 1 and 2 iterations (a result that ignores the
// iteration count or the digest fails one of them); HMAC-SHA512 from RFC 4231 test case 2.
const PBKDF2_VECTORS: [number, string][] = [
  [
    1,
    '867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce',
  ],
  [
    2,
    'e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e',
  ],
]
const HMAC_VECTOR =
  '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737'

function selfTest(operation: 'pbkdf2Sync' | 'createHmac', run: () => boolean) {
  let ok: boolean
  try {
    ok = run()
  } catch (cause) {
    if (cause instanceof NativeCryptoError) throw cause
    throw new NativeCryptoError({ operation, reason: 'threw', cause })
  }
  if (!ok) throw new NativeCryptoError({ operation, reason: 'wrong-result' })
}

/**
 * `base` with the native PBKDF2 and HMAC of `native`, each checked first against published results.
 * @throws {NativeCryptoError} when one throws or gives a wrong result: it is never used then.
 */
export function withNativeCrypto(base: CryptoPrimitives, native: NativeCrypto): CryptoPrimitives {
  const primitives = { ...base }
  const { pbkdf2Sync, createHmac } = native
  if (typeof pbkdf2Sync === 'function') {
    const pbkdf2 = (password: Bytes, salt: Bytes, iterations: number) => {
      const out = toBytes(pbkdf2Sync.call(native, password, salt, iterations, 64, 'sha512'))
      if (out.length !== 64) throw new NativeCryptoError({ operation: 'pbkdf2Sync', reason: 'wrong-result' })
      return out
    }
    selfTest('pbkdf2Sync', () =>
      PBKDF2_VECTORS.every(
        ([iterations, hex]) => bytesToHex(pbkdf2(ascii('password'), ascii('salt'), iterations)) === hex,
      ),
    )
    primitives.pbkdf2Sha512 = pbkdf2
  }
  if (typeof createHmac === 'function') {
    const hmacSha512 = (key: Bytes, data: Bytes) =>
      toBytes(createHmac.call(native, 'sha512', key).update(data).digest())
    selfTest(
      'createHmac',
      () => bytesToHex(hmacSha512(ascii('Jefe'), ascii('what do ya want for nothing?'))) === HMAC_VECTOR,
    )
    primitives.hmacSha512 = hmacSha512
  }
  return primitives
}
