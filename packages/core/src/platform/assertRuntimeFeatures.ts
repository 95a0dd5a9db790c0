import { MissingPolyfillError, type RuntimeFeatureProblem } from '../errors/platform.js'

// One character of each UTF-8 length: a Latin-1 or UTF-16 "TextEncoder" gets them wrong.
const SAMPLE = 'a\u00e9\u20ac\u{1f600}'
const SAMPLE_UTF8 = [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]

type Probe = () => boolean

const sameBytes = (bytes: ArrayLike<number>, expected: readonly number[]) =>
  bytes.length === expected.length && expected.every((byte, i) => bytes[i] === byte)

const globals = globalThis as Record<string, unknown> & { crypto?: { getRandomValues?: unknown } }

const probes: [RuntimeFeatureProblem['feature'], () => unknown, Probe][] = [
  ['TextEncoder', () => globals.TextEncoder, () => sameBytes(new TextEncoder().encode(SAMPLE), SAMPLE_UTF8)],
  [
    'TextDecoder',
    () => globals.TextDecoder,
    () => new TextDecoder().decode(new Uint8Array(SAMPLE_UTF8)) === SAMPLE,
  ],
  [
    'crypto.getRandomValues',
    () => globals.crypto?.getRandomValues,
    () => {
      // A stub that returns its argument untouched leaves the bytes zero (32 zero bytes by chance: 2^-256).
      const bytes = new Uint8Array(32)
      ;(globals.crypto as Crypto).getRandomValues(bytes)
      return bytes.some((byte) => byte !== 0)
    },
  ],
  ['btoa', () => globals.btoa, () => btoa('\u00ff\u0000a') === '/wBh'],
  ['atob', () => globals.atob, () => atob('/wBh') === '\u00ff\u0000a'],
]

/**
 * Checks that the runtime has what chatsync needs and that it works: a UTF-8
 * TextEncoder and TextDecoder, a `crypto.getRandomValues` that fills bytes, `atob` and `btoa`. Browsers,
 * Node and React Native with WalletConnect's polyfills have them all. Cheap (well under a millisecond).
 * @throws {MissingPolyfillError} naming each one that is missing or gives wrong results.
 */
export function assertRuntimeFeatures(): void {
  const features: RuntimeFeatureProblem[] = []
  for (const [feature, get, works] of probes) {
    if (typeof get() !== 'function') features.push({ feature, problem: 'missing' })
    else {
      let ok = false
      try {
        ok = works()
      } catch {}
      if (!ok) features.push({ feature, problem: 'incorrect' })
    }
  }
  if (features.length > 0) throw new MissingPolyfillError({ features })
}
