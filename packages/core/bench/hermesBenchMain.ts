// What `pnpm bench:hermes` runs, on Hermes 0.12 and on Node, bundled as a React Native app's bundler
// resolves the core (see hermes.bench.ts). The runner puts `BENCH_PARAMS` ({ mode, count }) before the
// bundle: the process prepares what `mode` needs, then runs it `count` times, timing each, and prints
// one BENCH line (wall times in ms; the runner also measures the process's CPU time).
import '../test/hermes/hermesPolyfills.js'
import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { getPrimitives } from '#platform-primitives'
import { withNativeCrypto } from '../src/crypto/withNativeCrypto.js'
import { fold, initialAccountState, reduceAccount } from '../src/engine/account/accountReducer.js'
import { emptyStores } from '../src/engine/accountSnapshot.js'
import { decodeStoreMessage } from '../src/engine/relay/decodeStoreMessage.js'
import { sealEnvelope, storeKeyBytes } from '../src/engine/relay/envelope.js'
import { deriveStoreKeys, deriveStoreKeysWith } from '../src/keys/deriveStoreKeys.js'
import { applyUpdates, emptyLwwMap, type StoreUpdate } from '../src/lww/applyUpdate.js'
import { byStore } from '../src/stores/byStore.js'
import { CHAT_STORE_IDS, CHAT_STORES } from '../src/stores/catalogue.js'
import { buildSyncSet } from '../src/wire/syncRequest.js'

export type BenchMode = 'derive' | 'deriveNative' | 'decode1000' | 'apply10000' | 'reduce10000'

const { mode, count } = (globalThis as unknown as { BENCH_PARAMS: { mode: BenchMode; count: number } })
  .BENCH_PARAMS
const stores = CHAT_STORE_IDS.map((id) => CHAT_STORES[id].name)
const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const hex64 = (n: number) => n.toString(16).padStart(64, '0')
const thread = (n: number) => ({
  topic: hex64(n),
  selfAccount: account,
  peerAccount: account,
  symKey: hex64(n + 1),
})
// One signature for every run: nothing is cached across derivations, and what a process prepares
// (the stand-in's seed) then costs the same whatever `count`.
const signature = `0x${'5e'.repeat(64)}1b`

/**
 * A native PBKDF2 stand-in: it answers at once, as native code does (2,048 rounds of HMAC-SHA512 take
 * about a millisecond in C), with seeds computed before anything is timed; the self-test's 1- and
 * 2-round vectors it computes. What remains of the derivation is its JavaScript: BIP-39, BIP-32, secp256k1.
 */
async function nativeStandIn() {
  const seeds = new Map<string, Uint8Array>()
  const recorder = withNativeCrypto(getPrimitives(), {
    pbkdf2Sync(password: Uint8Array, salt: Uint8Array, iterations: number, keylen: number) {
      const seed = pbkdf2(sha512, password, salt, { c: iterations, dkLen: keylen })
      if (iterations > 2) seeds.set(bytesToHex(password), seed)
      return seed
    },
  })
  await deriveStoreKeysWith(recorder, { signature, stores })
  return withNativeCrypto(getPrimitives(), {
    pbkdf2Sync(password: Uint8Array, salt: Uint8Array, iterations: number, keylen: number) {
      if (iterations <= 2) return pbkdf2(sha512, password, salt, { c: iterations, dkLen: keylen })
      const seed = seeds.get(bytesToHex(password))
      if (!seed) throw new Error('the stand-in knows no such input')
      return seed
    },
  })
}

/** What one timed run does, after what it needs is prepared. */
async function prepare(): Promise<() => unknown> {
  switch (mode) {
    case 'derive':
      return () => deriveStoreKeys({ signature, stores })
    case 'deriveNative': {
      const native = await nativeStandIn()
      return () => deriveStoreKeysWith(native, { signature, stores })
    }
    case 'decode1000': {
      // Decryption, JSON-RPC and the store schema, as a catch-up decodes each message.
      const key = storeKeyBytes(hex64(42))
      const messages = Array.from({ length: 1000 }, (_, n) =>
        sealEnvelope(
          key,
          JSON.stringify(buildSyncSet({ id: 1e15 + n, key: hex64(n), value: JSON.stringify(thread(n)) })),
        ),
      )
      return () => {
        for (const message of messages) {
          if (!decodeStoreMessage({ account, storeId: 'threads', message, key }).ok)
            throw new Error('not decoded')
        }
      }
    }
    case 'apply10000':
    case 'reduce10000': {
      const updates: StoreUpdate<unknown>[] = Array.from({ length: 10_000 }, (_, n) => ({
        type: 'set',
        id: 1e15 + n,
        key: hex64(n % 8000),
        value: thread(n),
      }))
      if (mode === 'apply10000') return () => applyUpdates(emptyLwwMap(), updates)
      // Through the account reducer, as a catch-up applies a batch: a remote event, then the fold.
      return () => {
        const batch = byStore((): StoreUpdate<unknown>[] => [])
        batch.threads = updates
        const remote = { type: 'remote', updates: batch, caughtUp: true } as const
        fold(reduceAccount(initialAccountState({ stores: emptyStores() }), remote).state)
      }
    }
  }
}

async function main() {
  const run = await prepare()
  const times: number[] = []
  for (let index = 0; index < count; index++) {
    const started = Date.now()
    await run()
    times.push(Date.now() - started)
  }
  console.log(`BENCH ${JSON.stringify({ times })}`)
}

main().catch((error) => console.log(`BENCH ${JSON.stringify({ error: String(error?.stack ?? error) })}`))
