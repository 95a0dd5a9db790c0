/*
 * Values the core computes, for the same input on every runtime: the Hermes suite prints them, and
 * hermes.test.ts compares Hermes's with Node's (the same bundle, and Node's own build with its native
 * primitives). Keys, sealed envelopes (fixed ivs), last-writer-wins and the account reducer over a seeded
 * sequence of changes, and the rows persistence writes.
 */
import { createMemoryMmkv } from '@chatsync/test/react-native'
import { getPrimitives } from '#platform-primitives'
import { fold, initialAccountState, reduceAccount } from '../../src/engine/account/accountReducer.js'
import { emptyStores } from '../../src/engine/accountSnapshot.js'
import type { StoreUpdates } from '../../src/engine/changes/storeUpdates.js'
import { createAccountWriter } from '../../src/engine/persistence/createAccountWriter.js'
import { encodePersistedAccount } from '../../src/engine/persistence/persistedAccount.js'
import { openEnvelope, storeKeyBytes } from '../../src/engine/relay/envelope.js'
import { deriveStoreKeys } from '../../src/keys/deriveStoreKeys.js'
import { applyUpdates, emptyLwwMap, type LwwMap, type StoreUpdate } from '../../src/lww/applyUpdate.js'
import { utf8Encode } from '../../src/platform/utf8.js'
import { createMmkvStorage } from '../../src/storage/createMmkvStorage.js'
import { CHAT_STORE_IDS, CHAT_STORES } from '../../src/stores/catalogue.js'

/** A seeded generator (LCG), the same numbers on every runtime. */
function seeded(seed: number) {
  let state = seed >>> 0
  return (below: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state % below
  }
}

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const thread = (n: number, random: (below: number) => number) => ({
  topic: `t${n}`,
  selfAccount: account,
  peerAccount: `eip155:1:0x${String(random(1e9)).padStart(40, '0')}`,
  symKey: String(random(1e9)).padStart(64, '0'),
})

async function keys() {
  const stores = Object.values(CHAT_STORES).map((store) => store.name)
  const out: unknown[] = []
  for (let n = 0; n < 3; n++)
    out.push(await deriveStoreKeys({ signature: `0x${String(n).repeat(130)}`, stores }))
  return out
}

function envelopes() {
  const primitives = getPrimitives()
  const key = storeKeyBytes('787af5921525e992034f67631758e8484d1f7f84d03e63d7212002805189e556')
  return ['', 'plain', '{"k":"caf\u00e9 \u{1f600}"}', '\u4e2d'.repeat(300)].map((text, n) => {
    const iv = Uint8Array.from({ length: 12 }, (_, i) => (i * 7 + n) & 0xff)
    const sealed = primitives.seal(key, iv, utf8Encode(text))
    const envelope = new Uint8Array(13 + sealed.length)
    envelope.set(iv, 1)
    envelope.set(sealed, 13)
    const encoded = primitives.toBase64(envelope)
    return { encoded, opened: openEnvelope(key, encoded) }
  })
}

function lastWriterWins() {
  const random = seeded(7)
  const updates: StoreUpdate<unknown>[] = Array.from({ length: 3000 }, () => {
    const key = `k${random(60)}`
    const id = 1 + random(5000)
    return random(4) === 0
      ? { type: 'delete', id, key }
      : { type: 'set', id, key, value: { v: random(1000) } }
  })
  return applyUpdates(emptyLwwMap(), updates)
}

function reducer() {
  const random = seeded(11)
  let state = initialAccountState({ stores: emptyStores() })
  let effects = 0
  for (let step = 0; step < 400; step++) {
    const store = 'threads'
    if (random(3) === 0) {
      const value = thread(random(40), random)
      const change = { type: 'set' as const, key: value.topic, value, text: JSON.stringify(value) }
      const transition = reduceAccount(state, { type: 'write', store, change, clock: 1e15 + step })
      state = transition.state
      effects += transition.effects.length
    } else {
      const updates = Object.fromEntries(CHAT_STORE_IDS.map((id) => [id, []])) as unknown as StoreUpdates
      const value = thread(random(40), random)
      updates.threads.push({ type: 'set', id: 1e15 + random(800), key: value.topic, value })
      const transition = reduceAccount(state, { type: 'remote', updates, caughtUp: step > 200 })
      state = transition.state
      effects += transition.effects.length
    }
  }
  return { stores: fold(state).stores, status: state.status, effects }
}

async function persistence() {
  const mmkv = createMemoryMmkv()
  const random = seeded(5)
  let stores = emptyStores()
  const writer = createAccountWriter({
    storage: createMmkvStorage({ mmkv }),
    base: `chatsync@1//account:${account}`,
    position: undefined,
    record: () =>
      encodePersistedAccount({
        account,
        signature: undefined,
        topics: { sentInvites: 'a', threads: 'b', inviteKeys: 'c', receivedInviteStatuses: 'd' },
        stores,
        outbox: [],
      }),
    entryCount: () => Object.keys(stores.threads.ids).length,
  })
  for (let round = 0; round < 30; round++) {
    const updates: StoreUpdate<unknown>[] = Array.from({ length: 1 + random(40) }, (_, i) => {
      const value = thread(random(500), random)
      return { type: 'set', id: 1e15 + round * 100 + i, key: value.topic, value }
    })
    stores = { ...stores, threads: applyUpdates(stores.threads as LwwMap<unknown>, updates) } as typeof stores
    writer.add({ applied: { threads: updates } })
    await writer.write()
  }
  // The snapshots' lineage is random: each runtime must write one, the same in every row; the rows are
  // compared with it left out.
  const lineages = new Set<string>()
  const rows = [...mmkv.data].sort(([a], [b]) => (a < b ? -1 : 1))
  const withoutLineage = rows.map(([key, value]) => [
    key,
    value.replace(/"lineage":"([0-9a-f]{16})"/g, (_, lineage: string) => {
      lineages.add(lineage)
      return '"lineage":"(random)"'
    }),
  ])
  return { lineages: lineages.size, rows: Object.fromEntries(withoutLineage) }
}

export async function computeTranscript() {
  return {
    keys: await keys(),
    envelopes: envelopes(),
    lastWriterWins: lastWriterWins(),
    reducer: reducer(),
    persistence: await persistence(),
  }
}
