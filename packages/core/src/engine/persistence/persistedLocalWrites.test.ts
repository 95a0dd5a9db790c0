import { describe, expect, test } from 'vitest'
import { applyUpdates, type StoreUpdate } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import { addLocalWrites, type LocalWrites, localKeysOf, localWriteKey } from '../changes/localWrites.js'
import { toOutboxItem } from '../changes/toOutboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { chunkKey, journalKey, loadStoredAccount, slotKey } from './accountStorage.js'
import { createAccountWriter } from './createAccountWriter.js'
import { decodePersistedAccount, encodePersistedAccount, mergeRestoredAccounts } from './persistedAccount.js'

/*
 * Which entries hold a change written on this device outlives a reload: a snapshot lists, per store, the
 * keys whose current change was written here; the writes a journal entry adds to the outbox are local.
 */

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const base = `chatsync@1//account:${account}`
const topics = byStore((store) => store.length.toString(16).padStart(64, 'c'))
const thread = (n: number) => ({
  topic: `t${n}`,
  selfAccount: account,
  peerAccount: 'eip155:1:0xpeer',
  symKey: 'ab'.repeat(32),
})
const set = (n: number, id: number): StoreUpdate<unknown> => ({
  type: 'set',
  id,
  key: `t${n}`,
  value: thread(n),
})
const local = (...entries: [string, number][]): LocalWrites =>
  new Map(entries.map(([key, id]) => [localWriteKey('threads', key), id]))
const withThreads = (updates: StoreUpdate<unknown>[], stores = emptyStores()): ChatSyncStores =>
  ({ ...stores, threads: applyUpdates(stores.threads, updates) }) as ChatSyncStores
const localKeys = (writes: ReadonlyMap<string, number> | undefined, stores: ChatSyncStores) =>
  localKeysOf(writes ?? new Map(), stores)

function memoryStorage() {
  const data = new Map<string, unknown>()
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined
    },
    async setItem(key, value) {
      data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      data.delete(key)
    },
  }
  return { storage, data }
}

describe('local writes on storage', () => {
  test('default: a snapshot lists, per store, the keys whose current change was written here', () => {
    const stores = withThreads([set(1, 10), set(2, 20), set(3, 30)])
    // t2 was written here, then replaced by a newer change from elsewhere.
    const record = encodePersistedAccount({
      account,
      signature: undefined,
      topics,
      stores,
      outbox: [],
      local: local(['t1', 10], ['t2', 15]),
    })
    expect(JSON.parse(record.stores).threads.local).toEqual(['t1'])
    expect(JSON.parse(record.stores).inviteKeys).toEqual({ entries: {}, ids: {} })
    const decoded = decodePersistedAccount(record, account)
    expect(decoded?.local).toEqual(local(['t1', 10]))
    expect({ ...decoded?.stores.threads.ids }).toEqual({ t1: 10, t2: 20, t3: 30 })
  })

  test('behavior: a record without the list (an earlier version) loads with nothing local; a list that is not one is ignored', () => {
    const stores = withThreads([set(1, 10), set(2, 20)])
    const record = encodePersistedAccount({ account, signature: undefined, topics, stores, outbox: [] })
    expect(record.stores).toBe(JSON.stringify(stores))
    expect(decodePersistedAccount(record, account)?.local).toEqual(new Map())
    const raw = JSON.parse(record.stores)
    // Only text names a key: not a list whose text is a key's.
    for (const list of ['t1', { t1: true }, [42, null, 't9', '__proto__', ['t1']], 7]) {
      const decoded = decodePersistedAccount(
        { ...record, stores: JSON.stringify({ ...raw, threads: { ...raw.threads, local: list } }) },
        account,
      )
      expect(decoded?.local).toEqual(new Map())
      expect({ ...decoded?.stores.threads.ids }).toEqual({ t1: 10, t2: 20 })
    }
  })

  test('behavior: a load replays the writes the journal added as local, and a newer change from elsewhere makes one remote again', async () => {
    const { storage, data } = memoryStorage()
    let stores = emptyStores()
    const writes: LocalWrites = new Map()
    const writer = createAccountWriter({
      storage,
      base,
      position: undefined,
      record: () =>
        encodePersistedAccount({ account, signature: undefined, topics, stores, outbox: [], local: writes }),
      entryCount: () => Object.keys(stores.threads.ids).length,
    })
    const write = (update: StoreUpdate<unknown>) => {
      const item = toOutboxItem('threads', update)
      stores = withThreads([update], stores)
      addLocalWrites(writes, [item])
      writer.add({ added: [item] })
    }
    write(set(1, 10))
    await writer.write()
    expect(data.has(slotKey(base, 0))).toBe(true)
    write(set(2, 20))
    write(set(3, 30))
    await writer.write()
    // From elsewhere: t3 replaced.
    stores = withThreads([set(3, 40)], stores)
    writer.add({ applied: { threads: [set(3, 40)] } })
    await writer.write()
    expect(data.has(journalKey(base, 1))).toBe(true)
    const loaded = await loadStoredAccount({ storage, base, account, migrate: undefined })
    expect(loaded && localKeys(loaded.local, loaded.stores)).toEqual({ threads: ['t1', 't2'] })
  })

  test('behavior: a snapshot in pieces keeps the list too, every piece under the size bound', async () => {
    const { storage, data } = memoryStorage()
    const updates = Array.from({ length: 40 }, (_, n) => set(n, 100 + n))
    const stores = withThreads(updates)
    const writes = local(...updates.map((update): [string, number] => [update.key, update.id]))
    const writer = createAccountWriter({
      storage,
      base,
      position: undefined,
      maxBytes: 2048,
      record: () =>
        encodePersistedAccount({ account, signature: undefined, topics, stores, outbox: [], local: writes }),
      entryCount: () => 40,
    })
    await writer.write()
    expect(data.has(chunkKey(base, 0, 1))).toBe(true)
    for (const value of data.values()) expect(JSON.stringify(value).length).toBeLessThanOrEqual(2048)
    const loaded = await loadStoredAccount({ storage, base, account, migrate: undefined })
    expect(loaded?.local).toEqual(writes)
  })

  test('behavior: merging a copy saved elsewhere keeps what either knows was written here', () => {
    const stores = withThreads([set(1, 10), set(2, 20)])
    const restored = (writes: LocalWrites | undefined) => ({
      signature: undefined,
      topics,
      stores,
      outbox: [],
      local: writes,
    })
    const merged = mergeRestoredAccounts(restored(local(['t1', 10])), restored(local(['t2', 20])))
    expect(merged.local).toEqual(local(['t1', 10], ['t2', 20]))
    expect(mergeRestoredAccounts(restored(undefined), restored(undefined)).local).toBeUndefined()
    // Either side may have none (a record of an earlier version).
    expect(mergeRestoredAccounts(restored(undefined), restored(local(['t2', 20]))).local).toEqual(
      local(['t2', 20]),
    )
    expect(mergeRestoredAccounts(restored(local(['t1', 10])), restored(undefined)).local).toEqual(
      local(['t1', 10]),
    )
  })
})
