import { describe, expect, test } from 'vitest'
import type { StoreUpdate } from '../../lww/applyUpdate.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import {
  type JournalEntry,
  journalKey,
  loadStoredAccount,
  type StoragePosition,
  slotKey,
} from './accountStorage.js'
import { createAccountWriter } from './createAccountWriter.js'
import { encodePersistedAccount } from './persistedAccount.js'
import { removeStoredAccount } from './removeStoredAccount.js'
import { testAccount } from './testAccount.fixture.js'

const { account, base, topics } = testAccount
const thread = (n: number) => ({
  topic: `t${n}`,
  selfAccount: account,
  peerAccount: 'eip155:1:0xpeer',
  symKey: 'ab'.repeat(32),
})
const set = (n: number, id = 1000 + n): StoreUpdate<unknown> => ({
  type: 'set',
  id,
  key: `t${n}`,
  value: thread(n),
})
const item = (n: number): OutboxItem => ({
  store: 'threads',
  method: 'wc_syncDel',
  id: 5000 + n,
  key: `x${n}`,
})

/** A storage in memory whose values are copied like a real one's, with every write recorded. */
function memoryStorage() {
  const data = new Map<string, unknown>()
  const writes: string[] = []
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined
    },
    async setItem(key, value) {
      writes.push(key)
      data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      data.delete(key)
    },
  }
  return { storage, data, writes }
}

/**
 * A writer over a state the test changes by hand: a new account on a new storage, unless given a storage
 * and where a load found the account there (with its stores).
 */
function setup(
  on: ReturnType<typeof memoryStorage> = memoryStorage(),
  loaded?: { position: StoragePosition; stores: ChatSyncStores },
) {
  const { storage, data, writes } = on
  let stores = loaded?.stores ?? emptyStores()
  let outbox: OutboxItem[] = []
  const writer = createAccountWriter({
    storage,
    base,
    position: loaded?.position,
    record: () => encodePersistedAccount({ account, signature: undefined, topics, stores, outbox }),
    entryCount: () => Object.keys(stores.threads.ids).length,
  })
  const apply = (updates: StoreUpdate<unknown>[]) => {
    // The state as the reducer would hold it (last writer wins is tested elsewhere).
    const entries = Object.assign(Object.create(null), stores.threads.entries)
    const ids = Object.assign(Object.create(null), stores.threads.ids)
    for (const update of updates) {
      if (update.type === 'set') entries[update.key] = update.value
      else delete entries[update.key]
      ids[update.key] = update.id
    }
    stores = { ...stores, threads: { entries, ids } } as typeof stores
    writer.add({ applied: { threads: updates } })
  }
  /** Sets threads `ns`, one write each. */
  const writeEach = async (...ns: number[]) => {
    for (const n of ns) {
      apply([set(n)])
      await writer.write()
    }
  }
  const queue = (items: OutboxItem[]) => {
    outbox = [...outbox, ...items]
    writer.add({ added: items })
  }
  const load = () => loadStoredAccount({ storage, base, account, migrate: undefined })
  /** A journal entry as the writer would write it after the newest snapshot in slot 0 (its lineage). */
  const entryAfterSlot0 = (entry: Omit<JournalEntry, 'v' | 'lineage'>) => ({
    v: 1,
    ...entry,
    lineage: (data.get(slotKey(base, 0)) as { lineage: string }).lineage,
  })
  return { on, storage, data, writes, writer, apply, writeEach, queue, load, entryAfterSlot0 }
}

describe('account storage', () => {
  test('default: the first write is a snapshot, then each write is a small journal entry; loading replays them', async () => {
    const { writer, apply, queue, load, writes, data } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    queue([item(1)])
    await writer.write()
    apply([set(3), { type: 'delete', id: 2000, key: 't1' }])
    await writer.write()
    expect(writes).toEqual([slotKey(base, 0), journalKey(base, 0), journalKey(base, 1)])
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t2', 't3'])
    expect(loaded?.stores.threads.ids.t1).toBe(2000)
    expect(loaded?.outbox).toEqual([item(1)])
    expect(loaded?.position).toMatchObject({
      slot: 0,
      generation: 1,
      journalFrom: 0,
      nextSeq: 2,
      journaled: 4,
    })
    // The journal's size on storage: its entries' JSON text in UTF-8.
    const entryBytes = (seq: number) =>
      new TextEncoder().encode(JSON.stringify(data.get(journalKey(base, seq)))).length
    expect(loaded?.position.journalBytes).toBe(entryBytes(0) + entryBytes(1))
  })

  test('behavior: a big change, or a long journal, is written as a snapshot in the other slot, and the journal it covers goes', async () => {
    const { writer, apply, load, data, writes } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    await writer.write()
    apply(Array.from({ length: 300 }, (_, n) => set(10 + n)))
    await writer.write()
    expect(writes.at(-1)).toBe(slotKey(base, 1))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(data.has(journalKey(base, 0))).toBe(false)
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {})).toHaveLength(302)
    expect(loaded?.position).toMatchObject({
      slot: 1,
      generation: 2,
      journalFrom: 1,
      nextSeq: 1,
      journaled: 0,
      // The snapshot removed what it superseded: nothing is left over.
      leftovers: { otherSlot: undefined, journalFrom: undefined },
    })
    for (let n = 0; n < 100; n++) {
      apply([set(1000 + n)])
      await writer.write()
    }
    // The 101st write after that snapshot is a snapshot again.
    apply([set(2000)])
    await writer.write()
    expect(writes.at(-1)).toBe(slotKey(base, 0))
    expect(Object.keys((await load())?.stores.threads.entries ?? {})).toHaveLength(403)
  })

  test('behavior: a burst into a big account is a journal entry; past twice the account, a snapshot', async () => {
    const { writer, apply, load, writes } = setup()
    apply(Array.from({ length: 500 }, (_, n) => set(n)))
    await writer.write()
    expect(writes).toEqual([slotKey(base, 0)])
    // The journal may hold up to 1,000 changes (twice the 500 entries of the snapshot).
    apply(Array.from({ length: 600 }, (_, n) => set(n, 3000 + n)))
    await writer.write()
    apply(Array.from({ length: 400 }, (_, n) => set(1000 + n)))
    await writer.write()
    expect(writes.slice(1)).toEqual([journalKey(base, 0), journalKey(base, 1)])
    apply([set(5000)])
    await writer.write()
    expect(writes.at(-1)).toBe(slotKey(base, 1))
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {})).toHaveLength(1001)
    expect(loaded?.stores.threads.ids.t0).toBe(3000)
  })

  test('behavior: a writer over a loaded account counts the journal it found', async () => {
    const { writer, apply, load, storage, writes } = setup()
    apply(Array.from({ length: 100 }, (_, n) => set(n)))
    await writer.write()
    apply(Array.from({ length: 150 }, (_, n) => set(100 + n)))
    await writer.write()
    const loaded = await load()
    expect(loaded?.position.journaled).toBe(150)
    // The journal may hold max(200, 2 × 250) = 500 changes: 150 are there, so 400 more make a snapshot.
    const next = createAccountWriter({
      storage,
      base,
      position: loaded?.position,
      record: () =>
        encodePersistedAccount({ account, signature: undefined, topics, stores: emptyStores(), outbox: [] }),
      entryCount: () => 250,
    })
    next.add({ applied: { threads: Array.from({ length: 400 }, (_, n) => set(1000 + n)) } })
    await next.write()
    expect(writes.at(-1)).toBe(slotKey(base, 1))
  })

  test('behavior: a delivered write is journaled by its identity alone, and leaves the outbox on load', async () => {
    const { writer, queue, load, data, storage } = setup()
    const written: OutboxItem = {
      store: 'threads',
      method: 'wc_syncSet',
      id: 7000,
      key: 't7',
      value: '{"v":7}',
    }
    queue([written, item(2)])
    await writer.write()
    writer.add({ delivered: [written] })
    await writer.write()
    const entry = (await storage.getItem(journalKey(base, 0))) as { delivered: unknown[] }
    expect(entry.delivered).toEqual([{ store: 'threads', method: 'wc_syncSet', id: 7000, key: 't7' }])
    expect(data.has(journalKey(base, 0))).toBe(true)
    const loaded = await load()
    expect(loaded?.outbox).toEqual([item(2)])
    expect(loaded?.position.journaled).toBe(1)
  })

  test('behavior: a journal entry of another version is not replayed (read as unreadable: the journal ends there)', async () => {
    const { writer, apply, load, data, entryAfterSlot0 } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    await writer.write()
    data.set(journalKey(base, 1), {
      ...entryAfterSlot0({
        changes: [
          { store: 'threads', method: 'wc_syncSet', id: 9, key: 't9', value: JSON.stringify(thread(9)) },
        ],
        added: [],
        delivered: [],
      }),
      v: 2,
    })
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2'])
    expect(loaded?.position.nextSeq).toBe(1)
  })

  test('behavior: a journal entry adding a write the outbox already holds keeps it once', async () => {
    const { writer, queue, load, data, entryAfterSlot0 } = setup()
    queue([item(1)])
    await writer.write()
    data.set(journalKey(base, 0), entryAfterSlot0({ changes: [], added: [item(1), item(2)], delivered: [] }))
    expect((await load())?.outbox).toEqual([item(1), item(2)])
  })

  test('behavior: with both slots readable (the older one not removed yet), the newer snapshot is loaded, in either slot', async () => {
    const { writer, apply, load, storage } = setup()
    const removeItem = storage.removeItem
    // Nothing is removed: every snapshot stays.
    storage.removeItem = async () => {}
    apply([set(1)])
    await writer.write()
    writer.snapshotNext()
    apply([set(2)])
    await writer.write()
    let loaded = await load()
    expect(loaded?.position).toMatchObject({
      slot: 1,
      generation: 2,
      leftovers: { otherSlot: { chunks: 0 } },
    })
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2'])
    writer.snapshotNext()
    apply([set(3)])
    await writer.write()
    loaded = await load()
    expect(loaded?.position).toMatchObject({ slot: 0, generation: 3 })
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2', 't3'])
    storage.removeItem = removeItem
  })

  test('behavior: journal entries a cleanup left are found on load and removed when settling, the journal after the snapshot kept', async () => {
    const { writer, apply, load, storage, data } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    await writer.write()
    apply([set(3)])
    await writer.write()
    // The snapshot that supersedes journal entries 0 and 1 cannot remove them.
    const removeItem = storage.removeItem
    storage.removeItem = async (key) => {
      if (key.startsWith(journalKey(base, 0).slice(0, -1))) throw new Error('storage failed')
      return removeItem(key)
    }
    writer.snapshotNext()
    apply([set(4)])
    await writer.write()
    storage.removeItem = removeItem
    apply([set(5)])
    await writer.write()
    apply([set(6)])
    await writer.write()
    const loaded = await load()
    expect(loaded?.position).toMatchObject({
      slot: 1,
      journalFrom: 2,
      nextSeq: 4,
      leftovers: { journalFrom: 0 },
    })
    writer.settleNext()
    await writer.write()
    expect([0, 1, 2, 3].map((seq) => data.has(journalKey(base, seq)))).toEqual([false, false, true, true])
    const settled = await load()
    expect(Object.keys(settled?.stores.threads.entries ?? {}).sort()).toEqual([
      't1',
      't2',
      't3',
      't4',
      't5',
      't6',
    ])
    expect(settled?.position.leftovers?.journalFrom).toBeUndefined()
  })

  test('behavior: a snapshot cut short leaves the previous one and its journal', async () => {
    const { writer, apply, load, storage, data } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    await writer.write()
    // The next snapshot (slot 1) is cut short: its file holds half a JSON text, and the write never ends.
    const setItem = storage.setItem
    storage.setItem = async (key, value) => {
      if (key !== slotKey(base, 1)) return setItem(key, value)
      data.set(key, '{"version":1,"acc')
      throw new Error('killed')
    }
    writer.snapshotNext()
    apply([set(3)])
    await expect(writer.write()).rejects.toThrow('killed')
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2'])
    expect(loaded?.position.slot).toBe(0)
    data.delete(slotKey(base, 1))
    expect(Object.keys((await load())?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2'])
    // The next write is a whole snapshot again, with what the cut one held.
    storage.setItem = setItem
    await writer.write()
    expect(Object.keys((await load())?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2', 't3'])
  })

  test('behavior: a journal entry cut short ends the replay there; the writer goes on from that entry', async () => {
    const { writer, apply, load, data } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    await writer.write()
    apply([set(3)])
    await writer.write()
    data.set(journalKey(base, 1), '{"v":1,"chan')
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2'])
    expect(loaded?.position.nextSeq).toBe(1)
  })

  test('behavior: an unreadable entry in a journal is not applied; bad changes inside a good one are left out', async () => {
    const { writer, apply, load, data, entryAfterSlot0 } = setup()
    apply([set(1)])
    await writer.write()
    data.set(
      journalKey(base, 0),
      entryAfterSlot0({
        changes: [
          { store: 'threads', method: 'wc_syncSet', id: 7, key: 'tz', value: '{"topic":"other"}' },
          { store: 'threads', method: 'wc_syncSet', id: 8, key: 't9', value: JSON.stringify(thread(9)) },
          // An unknown store: not a valid outbox item.
          { store: 'nope', method: 'wc_syncDel', id: 9, key: 'k' } as unknown as OutboxItem,
        ],
        added: [],
        delivered: [],
      }),
    )
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't9'])
  })

  test('behavior: a journal an earlier life of the account left (its snapshots removed without it) is not replayed onto a new one', async () => {
    const first = setup()
    await first.writeEach(1, 2, 3, 4, 5)
    // Nothing readable was loaded (both slots damaged, say): the slots go, journal entries 0 to 3 stay.
    await removeStoredAccount(first.storage, base, undefined)
    expect([0, 1, 2, 3].map((seq) => first.data.has(journalKey(base, seq)))).toEqual([true, true, true, true])
    expect(await first.load()).toBeUndefined()
    // The account again, from scratch: its journal starts at 0 too, over the old entries.
    const again = setup(first.on)
    await again.writeEach(100, 101)
    const loaded = await again.load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t100', 't101'])
    expect(loaded?.position).toMatchObject({ journalFrom: 0, nextSeq: 1 })
  })

  test('behavior: a record of an earlier version (no lineage) replays its journal; a writer on it starts a lineage at its next snapshot', async () => {
    const { on, data, load, writeEach } = setup()
    await writeEach(1, 2, 3)
    // As an earlier version wrote them.
    const head = data.get(slotKey(base, 0)) as { lineage?: string }
    expect(head.lineage).toMatch(/^[0-9a-f]{16}$/)
    delete head.lineage
    for (const seq of [0, 1]) delete (data.get(journalKey(base, seq)) as { lineage?: string }).lineage
    const loaded = await load()
    expect(Object.keys(loaded?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2', 't3'])
    expect(loaded?.position).toMatchObject({ lineage: undefined, nextSeq: 2 })
    const next = setup(on, loaded)
    await next.writeEach(4)
    expect(data.get(journalKey(base, 2))).not.toHaveProperty('lineage')
    expect(Object.keys((await load())?.stores.threads.entries ?? {}).sort()).toEqual(['t1', 't2', 't3', 't4'])
    next.writer.snapshotNext()
    await next.writeEach(5, 6)
    const lineage = (data.get(slotKey(base, 1)) as { lineage?: string }).lineage
    expect(lineage).toMatch(/^[0-9a-f]{16}$/)
    expect(data.get(journalKey(base, 3))).toMatchObject({ lineage })
    const last = await load()
    expect(last?.position).toMatchObject({ slot: 1, lineage, journalFrom: 3, nextSeq: 4 })
    expect(Object.keys(last?.stores.threads.entries ?? {}).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `t${n}`),
    )
  })

  test('behavior: removing an account removes both slots and its journal', async () => {
    const { writer, apply, storage, data } = setup()
    apply([set(1)])
    await writer.write()
    apply([set(2)])
    await writer.write()
    writer.snapshotNext()
    apply([set(3)])
    await writer.write()
    apply([set(4)])
    await writer.write()
    await removeStoredAccount(storage, base, writer.position)
    expect([...data.keys()]).toEqual([])
  })
})
