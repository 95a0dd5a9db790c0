import { describe, expect, test } from 'vitest'
import { MissingPolyfillError } from '../errors/platform.js'
import { utf8Decode, utf8Encode } from './utf8.js'

const samples = ['', 'plain ascii', 'caf\u00e9', '\u20ac 100', '\u{1f600}\u{1f680}', '{"k":"\u4e2d\u6587"}']
const malformed: [string, number[]][] = [
  ['a lone continuation byte', [0x80]],
  ['an overlong NUL', [0xc0, 0x80]],
  ['a sequence cut short', [0xe2, 0x82]],
  ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ['a byte UTF-8 never uses', [0x61, 0xff]],
  ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
]

const Native = globalThis.TextDecoder

/** The TextDecoder of fast-text-encoding (what @walletconnect/react-native-compat installs): no `fatal`. */
class NoFatalDecoder {
  readonly inner: TextDecoder
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) {
    if (options?.fatal)
      throw new Error("Failed to construct 'TextDecoder': the 'fatal' option is unsupported.")
    this.inner = new Native(label, { ignoreBOM: options?.ignoreBOM ?? false })
  }
  decode(bytes: Uint8Array) {
    return this.inner.decode(bytes)
  }
}

function withGlobal(name: 'TextDecoder' | 'TextEncoder', value: unknown, run: () => void) {
  const globals = globalThis as Record<string, unknown>
  const saved = globals[name]
  globals[name] = value
  try {
    run()
  } finally {
    globals[name] = saved
  }
}

describe('utf8', () => {
  test('default: text survives encoding and strict decoding', () => {
    for (const text of samples) expect(utf8Decode(utf8Encode(text))).toBe(text)
  })

  test('behavior: malformed UTF-8 is refused, not replaced', () => {
    for (const [, bytes] of malformed) expect(utf8Decode(new Uint8Array(bytes))).toBeUndefined()
  })

  test('behavior: with a TextDecoder that has no fatal mode, the same text is kept and the same bytes refused', () => {
    withGlobal('TextDecoder', NoFatalDecoder, () => {
      for (const text of samples) expect(utf8Decode(utf8Encode(text))).toBe(text)
      for (const [, bytes] of malformed) expect(utf8Decode(new Uint8Array(bytes))).toBeUndefined()
    })
  })

  test('behavior: a byte order mark is kept by both decoders', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])
    expect(utf8Decode(bytes)).toBe('\ufeff{}')
    withGlobal('TextDecoder', NoFatalDecoder, () => expect(utf8Decode(bytes)).toBe('\ufeff{}'))
  })

  test('behavior: without a TextEncoder or TextDecoder, a MissingPolyfillError names it', () => {
    withGlobal('TextEncoder', undefined, () => {
      expect(() => utf8Encode('x')).toThrow(MissingPolyfillError)
    })
    withGlobal('TextDecoder', undefined, () => {
      let error: unknown
      try {
        utf8Decode(new Uint8Array([0x61]))
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(MissingPolyfillError)
      expect((error as MissingPolyfillError).features).toEqual([
        { feature: 'TextDecoder', problem: 'missing' },
      ])
    })
  })
})
