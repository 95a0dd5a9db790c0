// What `pnpm bench:hermes` runs, on Hermes 0.12 and on Node, bundled as a React Native app's bundler
// resolves the core (see hermes.bench.ts). Prints one BENCH line of figures in milliseconds.
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

const STEADY_RUNS = 5
const stores = CHAT_STORE_IDS.map((id) => CHAT_STORES[id].name)
const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
let sequence = 0
const signature = () => `0x${(++sequence).toString(16).padStart(4, '0').repeat(32)}1b`
const hex64 = (n: number) => n.toString(16).padStart(64, '0')
const thread = (n: number) => ({
  topic: hex64(n),
  selfAccount: account,
  peerAccount: account,
  symKey: hex64(n + 1),
})

const time = async (run: () => unknown) => {
  const started = Date.now()
  await run()
  return Date.now() - started
}
const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number

/**
 * A native PBKDF2 stand-in: it answers at once, as native code does (2,048 rounds of HMAC-SHA512 take
 * about a millisecond in C), with results computed beforehand; the self-test's 1- and 2-round vectors
 * it computes. What remains of the derivation is its JavaScript: BIP-39 words, BIP-32 and secp256k1.
 */
function nativeStandIn(precomputed: Map<string, Uint8Array>) {
  return {
    pbkdf2Sync(password: Uint8Array, salt: Uint8Array, iterations: number, keylen: number) {
      if (iterations <= 2) return pbkdf2(sha512, password, salt, { c: iterations, dkLen: keylen })
      const seed = precomputed.get(bytesToHex(password))
      if (!seed) throw new Error('the stand-in knows no such input')
      return seed
    },
  }
}

async function main() {
  // First call in this process: the secp256k1 tables and every module's first use included.
  const firstCall = await time(() => deriveStoreKeys({ signature: signature(), stores }))
  const pureJs: number[] = []
  for (let i = 0; i < STEADY_RUNS; i++)
    pureJs.push(await time(() => deriveStoreKeys({ signature: signature(), stores })))

  // The seeds the stand-in hands back, computed before anything is timed.
  const precomputed = new Map<string, Uint8Array>()
  const recorder = withNativeCrypto(getPrimitives(), {
    pbkdf2Sync(password: Uint8Array, salt: Uint8Array, iterations: number, keylen: number) {
      const seed = pbkdf2(sha512, password, salt, { c: iterations, dkLen: keylen })
      if (iterations > 2) precomputed.set(bytesToHex(password), seed)
      return seed
    },
  })
  const nativeSignatures = Array.from({ length: STEADY_RUNS }, signature)
  for (const next of nativeSignatures) await deriveStoreKeysWith(recorder, { signature: next, stores })
  const native = withNativeCrypto(getPrimitives(), nativeStandIn(precomputed))
  const withNative: number[] = []
  for (const next of nativeSignatures)
    withNative.push(await time(() => deriveStoreKeysWith(native, { signature: next, stores })))

  // Opening 1,000 envelopes: decryption, JSON-RPC and the store schema, as a catch-up decodes them.
  const key = storeKeyBytes(hex64(42))
  const messages = Array.from({ length: 1000 }, (_, n) =>
    sealEnvelope(
      key,
      JSON.stringify(buildSyncSet({ id: 1e15 + n, key: hex64(n), value: JSON.stringify(thread(n)) })),
    ),
  )
  let decoded = 0
  const open1000 = await time(() => {
    for (const message of messages)
      if (decodeStoreMessage({ account, storeId: 'threads', message, key }).ok) decoded++
  })
  if (decoded !== 1000) throw new Error(`decoded ${decoded} of 1,000`)

  // Applying 10,000 changes: last writer wins alone, then through the account reducer as a catch-up does.
  const updates: StoreUpdate<unknown>[] = Array.from({ length: 10_000 }, (_, n) => ({
    type: 'set',
    id: 1e15 + n,
    key: hex64(n % 8000),
    value: thread(n),
  }))
  let applied = emptyLwwMap()
  const apply10000 = await time(() => {
    applied = applyUpdates(emptyLwwMap(), updates)
  })
  const reduce10000 = await time(() => {
    const batch = byStore((): StoreUpdate<unknown>[] => [])
    batch.threads = updates
    const { state } = reduceAccount(initialAccountState({ stores: emptyStores() }), {
      type: 'remote',
      updates: batch,
      caughtUp: true,
    })
    fold(state)
  })
  if (Object.keys(applied.entries).length !== 8000) throw new Error('applyUpdates lost entries')
  console.log(
    `BENCH ${JSON.stringify({ firstCall, pureJs: median(pureJs), withNative: median(withNative), open1000, apply10000, reduce10000 })}`,
  )
}

main().catch((error) => console.log(`BENCH ${JSON.stringify({ error: String(error?.stack ?? error) })}`))
