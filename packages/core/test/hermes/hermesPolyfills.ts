/*
 * What a React Native app gets from its polyfills, for the Hermes 0.12 command-line runtime, which has
 * less still: imported first by every Hermes bundle. Each is installed only where missing, so the same
 * bundle on Node runs on Node's own. TextEncoder/TextDecoder are fast-text-encoding's, the ones
 * @walletconnect/react-native-compat installs (its TextDecoder refuses `fatal`); getRandomValues is a
 * seeded generator (an app installs react-native-get-random-values); the rest are small.
 */
import './hermesGlobal.js'
import 'fast-text-encoding'

const globals = globalThis as unknown as Record<string, unknown> & { crypto?: Record<string, unknown> }

if (typeof globals.console !== 'object') {
  const print = globals.print as (...args: unknown[]) => void
  const log = (...args: unknown[]) =>
    print(...args.map((arg) => (typeof arg === 'string' ? arg : String(arg))))
  globals.console = { log, info: log, warn: log, error: log, debug: log }
}

if (typeof globals.queueMicrotask !== 'function') {
  globals.queueMicrotask = (task: () => void) => {
    Promise.resolve()
      .then(task)
      .catch((error) =>
        setTimeout(() => {
          throw error
        }, 0),
      )
  }
}

if (typeof globals.crypto?.getRandomValues !== 'function') {
  // xorshift32, seeded: not secure, and not meant to be (the tests' randomness only has to differ).
  let state = 0x9e3779b9
  const getRandomValues = <T extends ArrayBufferView>(view: T): T => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      bytes[i] = state & 0xff
    }
    return view
  }
  globals.crypto = { ...globals.crypto, getRandomValues }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
if (typeof globals.btoa !== 'function') {
  globals.btoa = (binary: string) => {
    let out = ''
    for (let i = 0; i < binary.length; i += 3) {
      const a = binary.charCodeAt(i)
      const b = binary.charCodeAt(i + 1)
      const c = binary.charCodeAt(i + 2)
      if (a > 255 || b > 255 || c > 255) throw new Error('btoa: not a binary string')
      const n = (a << 16) | ((b || 0) << 8) | (c || 0)
      out += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63)
      out += i + 1 < binary.length ? ALPHABET.charAt((n >> 6) & 63) : '='
      out += i + 2 < binary.length ? ALPHABET.charAt(n & 63) : '='
    }
    return out
  }
}
if (typeof globals.atob !== 'function') {
  globals.atob = (text: string) => {
    const clean = text.replace(/=+$/, '')
    let out = ''
    let buffer = 0
    let bits = 0
    for (let i = 0; i < clean.length; i++) {
      const value = ALPHABET.indexOf(clean.charAt(i))
      if (value === -1) throw new Error('atob: not base64')
      buffer = (buffer << 6) | value
      bits += 6
      if (bits >= 8) {
        bits -= 8
        out += String.fromCharCode((buffer >> bits) & 0xff)
      }
    }
    return out
  }
}

// Tests use it; React Native's Hermes has it, 0.12 has not.
if (typeof Array.prototype.at !== 'function') {
  Object.defineProperty(Array.prototype, 'at', {
    configurable: true,
    writable: true,
    value(this: unknown[], index: number) {
      const i = Math.trunc(index) || 0
      return this[i < 0 ? this.length + i : i]
    },
  })
}

// For the tests' in-memory storages (values copied as a storage would): plain data only.
if (typeof globals.structuredClone !== 'function') {
  const clone = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value
    if (Array.isArray(value)) return value.map(clone)
    if (ArrayBuffer.isView(value)) return (value as unknown as Uint8Array).slice()
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) out[key] = clone((value as Record<string, unknown>)[key])
    return out
  }
  globals.structuredClone = clone
}
