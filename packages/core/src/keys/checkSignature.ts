import { InvalidSignatureError } from '../errors/keys.js'

/**
 * @throws {InvalidSignatureError} when `signature` is not a non-empty string. Apart from the derivation
 * (which `register()` loads on first use), so the check runs before anything loads.
 */
export function checkSignature(signature: unknown): asserts signature is string {
  if (typeof signature !== 'string') throw new InvalidSignatureError({ reason: 'not-a-string' })
  if (signature.length === 0) throw new InvalidSignatureError({ reason: 'empty' })
}
