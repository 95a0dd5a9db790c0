import { MissingPolyfillError } from '../errors/platform.js'

/**
 * `length` bytes from the platform's cryptographic random source (`crypto.getRandomValues`; on React
 * Native, react-native-get-random-values installs it).
 * @throws {MissingPolyfillError} without one.
 */
export function randomBytes(length: number): Uint8Array {
  const crypto = (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto
  if (typeof crypto?.getRandomValues !== 'function') {
    throw new MissingPolyfillError({ features: [{ feature: 'crypto.getRandomValues', problem: 'missing' }] })
  }
  const bytes = new Uint8Array(length)
  ;(crypto as Crypto).getRandomValues(bytes)
  return bytes
}
