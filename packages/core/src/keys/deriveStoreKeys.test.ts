import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import * as bip32 from 'bip32'
import * as bip39 from 'bip39'
import fc from 'fast-check'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { portablePrimitives } from '../crypto/primitives.js'
import { InvalidSignatureError, InvalidStoreNameError } from '../errors/keys.js'
import { CHAT_STORES } from '../stores/catalogue.js'
import { deriveStoreKeys, deriveStoreKeysWith } from './deriveStoreKeys.js'
import { storePath } from './storePath.js'

// Published vectors (sync-protocol §2).
const signature =
  '0xee6567bf0763ce704d4cc3ec919cb74bbb484222e19ad72f51072fbdc2af7add063c00ac334a510c51fd25daf14f87337c23a81d45ac4f1dde469a0d8dc5724b1b'
const vector = {
  entropy: '98363a603bb3aeb12b2a1686e54190822ca39ba6593aa512679630ee42f77dc4',
  path: "m/77'/0'/0/1836658037/1936028205/1886547814/6909029",
  symKey: '02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4',
  topic: '7a73cffc9951264511549e64222a612a27199b01d30fa952b708bcafce96ea3f',
}
const chatNames = Object.values(CHAT_STORES).map((store) => store.name)

/** An independent implementation (the libraries @walletconnect/sync-client uses). */
async function reference(sig: string, name: string) {
  const entropy = bytesToHex(sha256(new TextEncoder().encode(sig)))
  const seed = await bip39.mnemonicToSeed(bip39.entropyToMnemonic(entropy))
  const key = bip32.fromSeed(seed).derivePath(storePath(name)).privateKey
  if (!key) throw new Error('no key')
  return { path: storePath(name), symKey: key.toString('hex'), topic: bytesToHex(sha256(key)) }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('deriveStoreKeys', () => {
  test('default: published vector', async () => {
    expect(bytesToHex(sha256(new TextEncoder().encode(signature)))).toBe(vector.entropy)
    const keys = await deriveStoreKeys({ signature, stores: ['my-user-profile'] })
    expect(keys['my-user-profile']).toEqual({ path: vector.path, symKey: vector.symKey, topic: vector.topic })
  })

  test('behavior: the chat stores match an independent implementation', async () => {
    const keys = await deriveStoreKeys({ signature, stores: chatNames })
    expect(Object.keys(keys)).toEqual(chatNames)
    for (const name of chatNames) expect(keys[name]).toEqual(await reference(signature, name))
    expect(new Set(chatNames.map((name) => keys[name]?.topic)).size).toBe(chatNames.length)
  })

  test('behavior: native and portable primitives both match an independent implementation', async () => {
    const portable = await deriveStoreKeysWith(portablePrimitives, { signature, stores: ['my-user-profile'] })
    expect(portable['my-user-profile']?.symKey).toBe(vector.symKey)
    // Random signatures and printable store names: long non-hardened chains, shared prefixes.
    const name = fc.string({ minLength: 1, maxLength: 24 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x'))
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 140 }),
        fc.array(name, { minLength: 1, maxLength: 3 }),
        async (sig, names) => {
          const stores = [...new Set(names)]
          const native = await deriveStoreKeys({ signature: sig, stores })
          const slow = await deriveStoreKeysWith(portablePrimitives, { signature: sig, stores })
          for (const store of stores) {
            const expected = await reference(sig, store)
            expect(native[store]).toEqual(expected)
            expect(slow[store]).toEqual(expected)
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  test('behavior: shared prefixes give the same keys as deriving each store alone', async () => {
    const other = '0x01'
    const together = await deriveStoreKeys({ signature: other, stores: [...chatNames, 'my-user-profile'] })
    for (const name of [...chatNames, 'my-user-profile']) {
      const alone = await deriveStoreKeys({ signature: other, stores: [name] })
      expect(together[name]).toEqual(alone[name])
    }
    expect(together[chatNames[0] as string]).toEqual(await reference(other, chatNames[0] as string))
  })

  test('behavior: uses WebCrypto when present', async () => {
    const deriveBits = vi.spyOn(globalThis.crypto.subtle, 'deriveBits')
    await deriveStoreKeys({ signature, stores: ['my-user-profile'] })
    expect(deriveBits).toHaveBeenCalledTimes(1)
  })

  test('behavior: same result without WebCrypto', async () => {
    const withWebCrypto = await deriveStoreKeys({ signature: '0xabc', stores: chatNames })
    // What an insecure browser context offers: random values, no SubtleCrypto.
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) })
    expect(globalThis.crypto.subtle).toBeUndefined()
    const without = await deriveStoreKeys({ signature: '0xabc', stores: chatNames })
    expect(without).toEqual(withWebCrypto)
    const vectorWithout = await deriveStoreKeys({ signature, stores: ['my-user-profile'] })
    expect(vectorWithout['my-user-profile']?.symKey).toBe(vector.symKey)
  })

  test('behavior: same result when WebCrypto refuses', async () => {
    const subtle = {
      importKey: () => Promise.reject(new Error('not allowed')),
      deriveBits: () => Promise.reject(new Error('not allowed')),
    }
    const importKey = vi.spyOn(subtle, 'importKey')
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { subtle, getRandomValues: real.getRandomValues.bind(real) })
    const keys = await deriveStoreKeys({ signature, stores: ['my-user-profile'] })
    expect(keys['my-user-profile']?.symKey).toBe(vector.symKey)
    expect(importKey).toHaveBeenCalledTimes(1)
  })

  test('behavior: store names such as __proto__ are ordinary keys', async () => {
    const keys = await deriveStoreKeys({ signature, stores: ['__proto__', 'constructor'] })
    expect(Object.keys(keys)).toEqual(['__proto__', 'constructor'])
    const proto = '__proto__'
    expect(keys[proto]).toEqual(await reference(signature, proto))
  })

  test.each([
    [undefined, 'not-a-string'],
    [42, 'not-a-string'],
    [{ signature }, 'not-a-string'],
    ['', 'empty'],
  ])('parameters: bad signature %j → InvalidSignatureError %s', async (input, reason) => {
    const error = await deriveStoreKeys({ signature: input as string, stores: chatNames }).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidSignatureError)
    expect(error.reason).toBe(reason)
    expect(error.message).not.toContain(signature)
  })

  test('parameters: missing parameters or store list', async () => {
    const none = await deriveStoreKeys(undefined as never).catch((e) => e)
    expect(none).toBeInstanceOf(InvalidSignatureError)
    const notList = await deriveStoreKeys({ signature, stores: 'threads' as never }).catch((e) => e)
    expect(notList).toBeInstanceOf(InvalidStoreNameError)
    expect(notList.reason).toBe('not-a-list')
  })

  test('parameters: bad store name → InvalidStoreNameError, signature not echoed', async () => {
    const error = await deriveStoreKeys({ signature, stores: ['ok', ''] }).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidStoreNameError)
    expect(error.message).not.toContain(signature)
  })
})
