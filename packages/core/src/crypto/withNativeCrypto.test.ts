import { hmac } from '@noble/hashes/hmac.js'
import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { describe, expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { createChatSync } from '../engine/createChatSync.js'
import { NativeCryptoError } from '../errors/platform.js'
import { deriveStoreKeysWith } from '../keys/deriveStoreKeys.js'
import { type NativeCrypto, withNativeCrypto } from './withNativeCrypto.js'

// The published sync-protocol §2 vector.
const signature =
  '0xee6567bf0763ce704d4cc3ec919cb74bbb484222e19ad72f51072fbdc2af7add063c00ac334a510c51fd25daf14f87337c23a81d45ac4f1dde469a0d8dc5724b1b'
const symKey = '02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4'

type Pbkdf2Sync = NonNullable<NativeCrypto['pbkdf2Sync']>

/**
 * A native crypto module's shape (react-native-quick-crypto's, Node's), computed here by @noble so the
 * test runs on every runtime; `calls` counts what the engine asked of it.
 */
function nodeShaped(pbkdf2Sync?: Pbkdf2Sync) {
  const calls = { pbkdf2: 0, hmac: 0 }
  const native = {
    pbkdf2Sync:
      pbkdf2Sync ??
      ((password: Uint8Array, salt: Uint8Array, iterations: number, keylen: number, digest: string) => {
        if (digest !== 'sha512') throw new Error(`unexpected digest ${digest}`)
        calls.pbkdf2++
        // A Node Buffer is a Uint8Array view on a larger ArrayBuffer: so is this.
        const out = new Uint8Array(keylen + 8)
        out.set(pbkdf2(sha512, password, salt, { c: iterations, dkLen: keylen }), 8)
        return out.subarray(8)
      }),
    createHmac: (algorithm: 'sha512', key: Uint8Array) => ({
      update: (data: Uint8Array) => ({
        digest: () => {
          if (algorithm !== 'sha512') throw new Error(`unexpected algorithm ${algorithm}`)
          calls.hmac++
          return hmac(sha512, key, data).buffer
        },
      }),
    }),
  }
  return { native, calls }
}

function refused(native: NativeCrypto): NativeCryptoError {
  try {
    withNativeCrypto(getPrimitives(), native)
  } catch (error) {
    if (error instanceof NativeCryptoError) return error
    throw error
  }
  throw new Error('accepted')
}

describe('withNativeCrypto', () => {
  test('default: key derivation on the native PBKDF2 and HMAC gives the published key', async () => {
    const { native, calls } = nodeShaped()
    const primitives = withNativeCrypto(getPrimitives(), native)
    const keys = await deriveStoreKeysWith(primitives, { signature, stores: ['my-user-profile'] })
    expect(keys['my-user-profile']?.symKey).toBe(symKey)
    // Two PBKDF2 self-tests and the seed; every HMAC of the derivation went native.
    expect(calls.pbkdf2).toBe(3)
    expect(calls.hmac).toBeGreaterThan(5)
  })

  test('behavior: a PBKDF2 that ignores the digest or the iterations, or gives short output, is refused', () => {
    const wrongDigest: Pbkdf2Sync = (password, salt, iterations, keylen) =>
      pbkdf2(sha256, password, salt, { c: iterations, dkLen: keylen })
    const oneIteration: Pbkdf2Sync = (password, salt, _iterations, keylen) =>
      pbkdf2(sha512, password, salt, { c: 1, dkLen: keylen })
    const short: Pbkdf2Sync = (password, salt, iterations) =>
      pbkdf2(sha512, password, salt, { c: iterations, dkLen: 32 })
    for (const pbkdf2Sync of [wrongDigest, oneIteration, short]) {
      const error = refused({ pbkdf2Sync })
      expect(error.name).toBe('NativeCryptoError')
      expect([error.operation, error.reason]).toEqual(['pbkdf2Sync', 'wrong-result'])
    }
  })

  test('behavior: a native module that throws, or an HMAC on another hash, is refused', () => {
    const throwing = refused({
      pbkdf2Sync: () => {
        throw new Error('not linked')
      },
    })
    expect([throwing.operation, throwing.reason]).toEqual(['pbkdf2Sync', 'threw'])
    const sha256Hmac = refused({
      createHmac: (_algorithm, key) => ({ update: (data) => ({ digest: () => hmac(sha256, key, data) }) }),
    })
    expect([sha256Hmac.operation, sha256Hmac.reason]).toEqual(['createHmac', 'wrong-result'])
  })

  test('behavior: createChatSync checks it when the client is created', () => {
    const wrong = nodeShaped((password, salt, iterations, keylen) =>
      pbkdf2(sha256, password, salt, { c: iterations, dkLen: keylen }),
    )
    const core = { relayer: { connected: false, on() {} } } as never
    expect(() => createChatSync({ core, nativeCrypto: wrong.native })).toThrow(NativeCryptoError)
  })
})
