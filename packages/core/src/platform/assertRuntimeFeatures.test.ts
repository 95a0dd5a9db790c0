import { describe, expect, test } from 'vitest'
import { MissingPolyfillError } from '../errors/platform.js'
import { assertRuntimeFeatures } from './assertRuntimeFeatures.js'
import { randomBytes } from './randomBytes.js'

/** Runs `run` with some globals replaced (`undefined`: removed), then puts them back as they were. */
function withGlobals(replacements: Record<string, unknown>, run: () => void) {
  const saved = Object.keys(replacements).map(
    (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const,
  )
  for (const [name, value] of Object.entries(replacements)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
  }
  try {
    run()
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor)
      else delete (globalThis as Record<string, unknown>)[name]
    }
  }
}

function thrown(run: () => unknown): MissingPolyfillError {
  try {
    run()
  } catch (error) {
    if (error instanceof MissingPolyfillError) return error
    throw error
  }
  throw new Error('nothing was thrown')
}

/** The kind of TextEncoder some app templates paste in: one byte per UTF-16 unit. */
class Latin1Encoder {
  encode(text: string) {
    return Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff)
  }
}

describe('assertRuntimeFeatures', () => {
  test('default: this runtime has everything', () => {
    expect(() => assertRuntimeFeatures()).not.toThrow()
  })

  test('behavior: what is missing is named, each with what to install', () => {
    withGlobals({ TextDecoder: undefined, crypto: undefined, atob: undefined }, () => {
      const error = thrown(() => assertRuntimeFeatures())
      expect(error.name).toBe('MissingPolyfillError')
      expect(error.features).toEqual([
        { feature: 'TextDecoder', problem: 'missing' },
        { feature: 'crypto.getRandomValues', problem: 'missing' },
        { feature: 'atob', problem: 'missing' },
      ])
      expect(error.shortMessage).toBe(
        'This runtime lacks what chatsync needs: TextDecoder (missing), crypto.getRandomValues (missing), atob (missing).',
      )
      expect(error.message).toContain("import '@walletconnect/react-native-compat' first")
      expect(error.message).toContain('react-native-get-random-values')
    })
  })

  test('behavior: a TextEncoder that is not UTF-8, or a getRandomValues that fills nothing, is refused', () => {
    const stub = { getRandomValues: (bytes: Uint8Array) => bytes }
    withGlobals({ TextEncoder: Latin1Encoder, crypto: stub }, () => {
      expect(thrown(() => assertRuntimeFeatures()).features).toEqual([
        { feature: 'TextEncoder', problem: 'incorrect' },
        { feature: 'crypto.getRandomValues', problem: 'incorrect' },
      ])
    })
  })

  test('behavior: randomBytes without a getRandomValues is a MissingPolyfillError, never a hang', () => {
    expect(randomBytes(16)).toHaveLength(16)
    withGlobals({ crypto: {} }, () => {
      expect(thrown(() => randomBytes(16)).features).toEqual([
        { feature: 'crypto.getRandomValues', problem: 'missing' },
      ])
    })
  })
})
