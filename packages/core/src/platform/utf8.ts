import { MissingPolyfillError } from '../errors/platform.js'

// Made on first use, and again if the global was replaced (a polyfill installed after chatsync loaded).
let encoder: { for: unknown; instance: TextEncoder } | undefined
let decoder: { for: unknown; strict: TextDecoder | undefined; lenient: TextDecoder } | undefined

/**
 * UTF-8 bytes of `text`. Nothing is made when chatsync loads, so a runtime without a TextEncoder fails
 * with a `MissingPolyfillError` where one is needed, not with a `ReferenceError` at import.
 * @throws {MissingPolyfillError} without a TextEncoder.
 */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  const Encoder = globalThis.TextEncoder
  if (encoder?.for !== Encoder) {
    if (typeof Encoder !== 'function') {
      throw new MissingPolyfillError({ features: [{ feature: 'TextEncoder', problem: 'missing' }] })
    }
    encoder = { for: Encoder, instance: new Encoder() }
  }
  return encoder.instance.encode(text)
}

/**
 * The text of UTF-8 `bytes`, or `undefined` when they are not well-formed UTF-8. Where the runtime's
 * TextDecoder refuses `fatal` (fast-text-encoding, which `@walletconnect/react-native-compat` installs),
 * the bytes are decoded leniently and the text kept only when it encodes back to the same bytes:
 * well-formed UTF-8 is exactly what survives that round trip. A byte order mark is kept either way (the
 * text is then not JSON), so every runtime reads the same bytes the same.
 * @throws {MissingPolyfillError} without a TextDecoder.
 */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  const Decoder = globalThis.TextDecoder
  if (decoder?.for !== Decoder) {
    if (typeof Decoder !== 'function') {
      throw new MissingPolyfillError({ features: [{ feature: 'TextDecoder', problem: 'missing' }] })
    }
    let strict: TextDecoder | undefined
    try {
      strict = new Decoder('utf-8', { fatal: true, ignoreBOM: true })
    } catch {}
    decoder = { for: Decoder, strict, lenient: new Decoder('utf-8', { ignoreBOM: true }) }
  }
  if (decoder.strict) {
    try {
      return decoder.strict.decode(bytes)
    } catch {
      return undefined
    }
  }
  const text = decoder.lenient.decode(bytes)
  const again = utf8Encode(text)
  if (again.length !== bytes.length) return undefined
  for (let i = 0; i < bytes.length; i++) if (again[i] !== bytes[i]) return undefined
  return text
}
