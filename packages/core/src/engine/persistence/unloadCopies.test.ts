import { afterEach, describe, expect, test, vi } from 'vitest'
import { createUnloadCopies } from './unloadCopies.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const keyOf = (name: string) => `chatsync@1//account:${name}`
const copyKey = `chatsync@1//account:${account}//unload`
const cleanKey = `chatsync@1//account:${account}//clean`

/** A page's localStorage in memory; `full` makes every write throw as a full quota does. */
function pageStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  const state = { full: false, broken: false }
  const check = () => {
    if (state.broken) throw new Error('SecurityError')
  }
  const localStorage = {
    getItem: (key: string) => {
      check()
      return data.get(key) ?? null
    },
    setItem: (key: string, value: string) => {
      check()
      if (state.full) throw new Error('QuotaExceededError')
      data.set(key, value)
    },
    removeItem: (key: string) => {
      check()
      data.delete(key)
    },
  }
  vi.stubGlobal('localStorage', localStorage)
  return { data, state }
}

function copies() {
  const copies = createUnloadCopies(keyOf)
  if (!copies) throw new Error('expected unload copies with a localStorage')
  return copies
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createUnloadCopies', () => {
  test('default: none without a localStorage, or where using it throws (a sandboxed frame)', () => {
    vi.stubGlobal('localStorage', undefined)
    expect(createUnloadCopies(keyOf)).toBeUndefined()
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new Error('SecurityError')
      },
    })
    try {
      expect(createUnloadCopies(keyOf)).toBeUndefined()
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage')
    }
  })

  test('behavior: a copy is kept as JSON beside the account’s key and read back parsed', () => {
    const { data } = pageStorage()
    const unload = copies()
    expect(unload.has(account)).toBe(false)
    expect(unload.save(account, { stores: '{}', n: 1 })).toBe(true)
    expect(data.get(copyKey)).toBe('{"stores":"{}","n":1}')
    expect(unload.has(account)).toBe(true)
    expect(copies().read(account)).toEqual({ stores: '{}', n: 1 })
    expect(copies().read('eip155:1:0xother')).toBeUndefined()
  })

  test('behavior: a copy that cannot be kept says so, even when an older copy is still there', () => {
    const { state } = pageStorage()
    const unload = copies()
    expect(unload.save(account, { n: 1 })).toBe(true)
    state.full = true
    expect(unload.save(account, { n: 2 })).toBe(false)
    const fresh = copies()
    expect(fresh.save(account, { n: 3 })).toBe(false)
    expect(fresh.has(account)).toBe(false)
  })

  test('behavior: a copy found at load is known to this client; an unreadable one is ignored', () => {
    pageStorage({ [copyKey]: '{"n":1}', [`${keyOf('broken')}//unload`]: '{not json' })
    const unload = copies()
    expect(unload.read(account)).toEqual({ n: 1 })
    expect(unload.has(account)).toBe(true)
    expect(unload.read('broken')).toBeUndefined()
    expect(unload.has('broken')).toBe(false)
  })

  test('behavior: a write reaching storage removes the copy this client knows of, and only that', () => {
    const { data } = pageStorage({ [copyKey]: '{"n":1}' })
    // Another tab's copy, which this client never read: not this client's to remove.
    const unload = copies()
    unload.saved(account)
    expect(data.has(copyKey)).toBe(true)
    unload.read(account)
    unload.saved(account)
    expect(data.has(copyKey)).toBe(false)
    expect(unload.has(account)).toBe(false)
    unload.save(account, { n: 2 })
    unload.saved(account)
    expect(data.has(copyKey)).toBe(false)
  })

  test('behavior: remove drops the copy whether or not this client knows of it', () => {
    const { data } = pageStorage({ [copyKey]: '{"n":1}' })
    const unload = copies()
    unload.remove(account)
    expect(data.has(copyKey)).toBe(false)
    unload.save(account, { n: 2 })
    unload.remove(account)
    expect(data.has(copyKey)).toBe(false)
    expect(unload.has(account)).toBe(false)
  })

  test('behavior: the clean token is left as the page goes, taken once at the next load', () => {
    const { data } = pageStorage()
    copies().markClean(account, 'token-1')
    expect(data.get(cleanKey)).toBe('token-1')
    const next = copies()
    expect(next.takeCleanToken(account)).toBe('token-1')
    expect(data.has(cleanKey)).toBe(false)
    expect(next.takeCleanToken(account)).toBeUndefined()
  })

  test('behavior: something arriving after the page was marked clean takes the mark back; a mark it did not make stays', () => {
    const { data } = pageStorage({ [cleanKey]: 'left-by-another-tab' })
    const unload = copies()
    unload.unmarkClean(account)
    expect(data.get(cleanKey)).toBe('left-by-another-tab')
    unload.markClean(account, 'mine')
    unload.unmarkClean(account)
    expect(data.has(cleanKey)).toBe(false)
    // Marked again, and taken at a load: a later arrival has nothing to take back.
    unload.markClean(account, 'again')
    expect(unload.takeCleanToken(account)).toBe('again')
    data.set(cleanKey, 'a later mark')
    unload.unmarkClean(account)
    expect(data.get(cleanKey)).toBe('a later mark')
  })

  test('behavior: a localStorage that throws on use loses the copies, never the caller', () => {
    const { state } = pageStorage()
    const unload = copies()
    state.broken = true
    expect(unload.save(account, { n: 1 })).toBe(false)
    expect(unload.read(account)).toBeUndefined()
    expect(() => unload.markClean(account, 't')).not.toThrow()
    expect(() => unload.unmarkClean(account)).not.toThrow()
    expect(unload.takeCleanToken(account)).toBeUndefined()
    expect(() => unload.remove(account)).not.toThrow()
  })
})
