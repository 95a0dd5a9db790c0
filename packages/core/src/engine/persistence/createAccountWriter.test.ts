import { describe, expect, test } from 'vitest'
import { applyUpdates, type StoreUpdate } from '../../lww/applyUpdate.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { toOutboxItem } from '../changes/toOutboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { chunkKey, journalKey, loadStoredAccount, type StoragePosition, slotKey } from './accountStorage.js'
import { createAccountWriter } from './createAccountWriter.js'
import { encodePersistedAccount } from './persistedAccount.js'
import { recordBytes } from './snapshotSlots.js'
import { jsonBytes } from './storedSize.js'
import { testAccount } from './testAccount.fixture.js'

const { account, base, topics } = testAccount

/** Storage in memory whose writes and removals can be made to fail, key by key. */
function createStorage() {
  const data = new Map<string, unknown>()
  const fails = { set: (_key: string) => false, remove: (_key: string) => false }
  let writes = 0
  const storage: ChatSyncStorage = {
    getItem: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    async setItem(key, value) {
      if (fails.set(key)) throw new Error('disk full')
      writes++
      data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      if (fails.remove(key)) throw new Error('not removed')
      writes++
      data.delete(key)
    },
  }
  return { storage, data, fails, writes: () => writes }
}

let lastId = 0
/** Sets of `keys` (ids above any before), their values padded with `pad` characters. */
const sets = (keys: string[], pad = 0): StoreUpdate<unknown>[] =>
  keys.map((key) => ({
    type: 'set',
    id: ++lastId,
    key,
    value: { publicKey: `pub ${key}${'x'.repeat(pad)}`, privateKey: `priv ${key}`, account: key },
  }))
const deletes = (keys: string[]): StoreUpdate<unknown>[] =>
  keys.map((key) => ({ type: 'delete', id: ++lastId, key }))
const names = (count: number, prefix = 'k') => Array.from({ length: count }, (_, n) => `${prefix}${n}`)

/** An account's state changed by hand (as the reducer would), with a writer saving it. */
function createAccount(
  storage: ChatSyncStorage,
  {
    position,
    initial,
    maxBytes,
  }: {
    position?: StoragePosition | undefined
    initial?: { stores: ChatSyncStores; outbox: OutboxItem[] } | undefined
    maxBytes?: number
  } = {},
) {
  let stores = initial?.stores ?? emptyStores()
  let outbox: OutboxItem[] = initial?.outbox ?? []
  const writer = createAccountWriter({
    storage,
    base,
    position,
    maxBytes,
    record: () => encodePersistedAccount({ account, signature: undefined, topics, stores, outbox }),
    entryCount: () => Object.keys(stores.inviteKeys.ids).length,
  })
  const apply = (updates: StoreUpdate<unknown>[]) => {
    stores = { ...stores, inviteKeys: applyUpdates(stores.inviteKeys, updates) } as ChatSyncStores
  }
  return {
    writer,
    /** Changes from the relay. */
    receive(updates: StoreUpdate<unknown>[]) {
      apply(updates)
      writer.add({ applied: { inviteKeys: updates } })
    },
    /** Writes made here: applied, and in the outbox until delivered. */
    write(updates: StoreUpdate<unknown>[]) {
      apply(updates)
      const items = updates.map((update) => toOutboxItem('inviteKeys', update))
      outbox = [...outbox, ...items]
      writer.add({ added: items })
    },
    deliverAll() {
      const delivered = outbox
      outbox = []
      writer.add({ delivered })
    },
    record: () => encodePersistedAccount({ account, signature: undefined, topics, stores, outbox }),
    state: () => ({ entries: { ...stores.inviteKeys.entries }, ids: { ...stores.inviteKeys.ids }, outbox }),
  }
}

const load = (storage: ChatSyncStorage) => loadStoredAccount({ storage, base, account, migrate: undefined })
const loadedState = async (storage: ChatSyncStorage) => {
  const loaded = await load(storage)
  const inviteKeys = loaded?.stores.inviteKeys
  return loaded && { entries: { ...inviteKeys?.entries }, ids: { ...inviteKeys?.ids }, outbox: loaded.outbox }
}
/** Keys the account should hold at `position`, and no others. */
function expectedKeys(position: StoragePosition) {
  const keys = [slotKey(base, position.slot)]
  for (let index = 0; index < (position.chunks ?? 0); index++) keys.push(chunkKey(base, position.slot, index))
  for (let seq = position.journalFrom; seq < position.nextSeq; seq++) keys.push(journalKey(base, seq))
  return keys.sort()
}
const keysOf = (data: Map<string, unknown>) => [...data.keys()].sort()

describe('when the next snapshot comes', () => {
  test('behavior: a write with nothing added writes nothing, also when it settles', async () => {
    const { storage, writes } = createStorage()
    const account = createAccount(storage)
    await account.writer.write()
    const after = { position: account.writer.position, writes: writes() }
    await account.writer.write()
    account.writer.settleNext()
    await account.writer.write()
    expect(writes()).toBe(after.writes)
    expect(account.writer.position).toEqual(after.position)
  })

  test('behavior: after 100 journal entries the next change is a snapshot, and a journal starts after it', async () => {
    const { storage } = createStorage()
    const account = createAccount(storage)
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 0, generation: 1, journalFrom: 0, nextSeq: 0 })
    for (let entry = 1; entry <= 100; entry++) {
      account.receive(sets(['a']))
      await account.writer.write()
    }
    expect(account.writer.position).toMatchObject({ generation: 1, journalFrom: 0, nextSeq: 100 })
    // Nothing added: nothing written, however long the journal.
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 1, journalFrom: 0, nextSeq: 100 })
    account.receive(sets(['b']))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 1, generation: 2, journalFrom: 100, nextSeq: 100 })
    account.receive(sets(['c']))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 1, generation: 2, journalFrom: 100, nextSeq: 101 })
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: more than 200 changes beyond the snapshot (outbox changes too) make the next write a snapshot', async () => {
    const { storage } = createStorage()
    const account = createAccount(storage)
    await account.writer.write()
    // 201 writes made here in one go (to 5 keys: the limit stays 200), then all of them delivered.
    const repeated = (count: number) => Array.from({ length: count }, (_, n) => `k${n % 5}`)
    account.write(sets(repeated(201)))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 2, nextSeq: 0 })
    account.deliverAll()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 3, nextSeq: 0 })
    // 100 writes and their delivery, in two entries: 200 changes. One more is a snapshot.
    account.write(sets(repeated(100)))
    await account.writer.write()
    account.deliverAll()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 3, nextSeq: 2 })
    account.receive(sets(['a']))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 4, nextSeq: 2, journalFrom: 2 })
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: a loaded account counts on from the changes its journal holds', async () => {
    const { storage } = createStorage()
    const first = createAccount(storage)
    await first.writer.write()
    // 150 changes to 5 keys: the limit stays 200 (twice 5 entries is less).
    for (let round = 0; round < 30; round++) first.receive(sets(names(5)))
    await first.writer.write()
    const loaded = await load(storage)
    expect(loaded?.position).toMatchObject({ generation: 1, nextSeq: 1, journaled: 150 })
    const again = createAccount(storage, { position: loaded?.position, initial: loaded })
    again.receive(sets(names(50)))
    await again.writer.write()
    expect(again.writer.position).toMatchObject({ generation: 1, nextSeq: 2 })
    again.receive(sets(['a']))
    await again.writer.write()
    expect(again.writer.position).toMatchObject({ generation: 2, journalFrom: 2, nextSeq: 2 })
    expect(await loadedState(storage)).toEqual(again.state())
  })

  test('behavior: a write added and delivered before it is written still reaches storage', async () => {
    const { storage } = createStorage()
    const account = createAccount(storage)
    await account.writer.write()
    account.write(sets(['a']))
    account.deliverAll()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 1, nextSeq: 1 })
    expect(await loadedState(storage)).toEqual(account.state())
    expect(account.state().ids).toEqual({ a: lastId })
  })

  test('behavior: the journal of a small account stays within 64 KiB, to the byte', async () => {
    const { storage, data } = createStorage()
    const account = createAccount(storage)
    await account.writer.write()
    // Ids of one length: an entry's size depends only on its padding.
    lastId = 100_000
    // One key's value rewritten: the state stays one value, the journal grows by one each time.
    account.receive(sets(['a'], 20_000))
    await account.writer.write()
    const first = jsonBytes(data.get(journalKey(base, 0)))
    expect(first).toBeGreaterThan(20_000)
    // An entry that fills the journal to 64 KiB exactly (its size grows one byte a character).
    const probe = createStorage()
    const probing = createAccount(probe.storage)
    await probing.writer.write()
    probing.receive(sets(['a'], 40_000))
    await probing.writer.write()
    const pad = 40_000 + 64 * 1024 - first - jsonBytes(probe.data.get(journalKey(base, 0)))
    account.receive(sets(['a'], pad))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 1, nextSeq: 2 })
    expect(jsonBytes(data.get(journalKey(base, 0))) + jsonBytes(data.get(journalKey(base, 1)))).toBe(
      64 * 1024,
    )
    // Any more is a snapshot.
    account.receive(sets(['a']))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 2, journalFrom: 2, nextSeq: 2 })
    expect(keysOf(data)).toEqual(expectedKeys(account.writer.position))
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: a journal entry may take `maxBytes` exactly; one more byte makes it a snapshot', async () => {
    const sizeOfEntry = async (maxBytes?: number) => {
      const { storage, data } = createStorage()
      const account = createAccount(storage, { maxBytes })
      await account.writer.write()
      // The same id each time: entries of the same size.
      lastId = 1_000
      account.receive(sets(['a'], 2_000))
      await account.writer.write()
      return { position: account.writer.position, bytes: jsonBytes(data.get(journalKey(base, 0))) }
    }
    const { bytes } = await sizeOfEntry()
    expect(bytes).toBeGreaterThan(2_000)
    expect((await sizeOfEntry(bytes)).position).toMatchObject({ generation: 1, nextSeq: 1 })
    expect((await sizeOfEntry(bytes - 1)).position).toMatchObject({ generation: 2, nextSeq: 0 })
  })
})

describe('settling', () => {
  test('behavior: settling keeps a small journal, and replaces one much larger than the state with a snapshot', async () => {
    const { storage, data } = createStorage()
    const account = createAccount(storage)
    account.receive(sets(names(20)))
    await account.writer.write()
    expect(account.writer.untidy).toBe(false)
    account.receive(sets(['k0']))
    await account.writer.write()
    expect(account.writer.untidy).toBe(true)
    account.writer.settleNext()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 1, journalFrom: 0, nextSeq: 1 })
    expect(account.writer.untidy).toBe(false)
    // Every value rewritten three times: the journal is three times the state.
    for (let round = 0; round < 3; round++) {
      account.receive(sets(names(20)))
      await account.writer.write()
    }
    expect(account.writer.position).toMatchObject({ generation: 1, journalFrom: 0, nextSeq: 4 })
    expect(account.writer.untidy).toBe(true)
    account.writer.settleNext()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 2, journalFrom: 4, nextSeq: 4 })
    expect(account.writer.untidy).toBe(false)
    expect(keysOf(data)).toEqual(expectedKeys(account.writer.position))
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: settling compacts when the snapshot and journal take more than 1.5 times the state, to the byte', async () => {
    const stateOf = (pad: number, storage = createStorage().storage) => {
      const account = createAccount(storage)
      lastId = 200_000
      account.receive(sets(names(10), pad))
      return account
    }
    // A state whose size is even: 1.5 times it is a whole number of bytes.
    const pad = recordBytes(stateOf(0).record()) % 2
    const state = recordBytes(stateOf(pad).record())
    const limit = (3 * state) / 2
    /** Whether settling the loaded account compacts when its position says storage holds these bytes. */
    const compacts = async (snapshotBytes: number, journalBytes: number) => {
      const { storage } = createStorage()
      await stateOf(pad, storage).writer.write()
      const loaded = await load(storage)
      if (!loaded) throw new Error('not loaded')
      const position = { ...loaded.position, snapshotBytes, journalBytes }
      const again = createAccount(storage, { position, initial: loaded })
      expect(recordBytes(again.record())).toBe(state)
      // A loaded account's snapshot may hold an outbox: settling measures it.
      expect(again.writer.untidy).toBe(true)
      again.writer.settleNext()
      await again.writer.write()
      expect(again.writer.untidy).toBe(false)
      return again.writer.position.generation > position.generation
    }
    expect(await compacts(limit, 0)).toBe(false)
    expect(await compacts(limit + 1, 0)).toBe(true)
    expect(await compacts(limit - 10, 10)).toBe(false)
    expect(await compacts(limit - 10, 11)).toBe(true)
  })

  test('behavior: a snapshot holding an outbox is untidy until settled; a write of it delivered is untidy again', async () => {
    const { storage } = createStorage()
    const account = createAccount(storage)
    account.write(sets(['a']))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ generation: 1, nextSeq: 0 })
    expect(account.writer.untidy).toBe(true)
    account.writer.settleNext()
    await account.writer.write()
    expect(account.writer.untidy).toBe(false)
    account.deliverAll()
    await account.writer.write()
    expect(account.writer.untidy).toBe(true)
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: a slot whose removal failed is left over, in the position as a load finds it, until a settle removes it', async () => {
    const { storage, data, fails } = createStorage()
    // What an account this version cannot read left in slot 1: the account starts anew.
    data.set(slotKey(base, 1), 'unreadable')
    fails.remove = (key) => key === slotKey(base, 1)
    const account = createAccount(storage)
    account.receive(sets(['a']))
    await account.writer.write()
    expect(account.writer.untidy).toBe(true)
    const leftovers = { otherSlot: { chunks: 0 }, journalFrom: undefined }
    expect(account.writer.position.leftovers).toEqual(leftovers)
    expect((await load(storage))?.position.leftovers).toEqual(leftovers)
    fails.remove = () => false
    account.writer.settleNext()
    await account.writer.write()
    expect(account.writer.untidy).toBe(false)
    expect(account.writer.position.leftovers).toEqual({ otherSlot: undefined, journalFrom: undefined })
    expect(keysOf(data)).toEqual(expectedKeys(account.writer.position))
  })

  test('behavior: journal entries whose removal failed stay left over through later snapshots, until a settle removes them', async () => {
    const { storage, data, fails } = createStorage()
    const account = createAccount(storage)
    await account.writer.write()
    for (let entry = 0; entry < 3; entry++) {
      account.receive(sets(['a']))
      await account.writer.write()
    }
    fails.remove = (key) => key.startsWith(journalKey(base, 0).slice(0, -1))
    account.writer.snapshotNext()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 1, generation: 2, journalFrom: 3, nextSeq: 3 })
    expect(account.writer.untidy).toBe(true)
    const leftovers = { otherSlot: undefined, journalFrom: 0 }
    expect(account.writer.position.leftovers).toEqual(leftovers)
    expect((await load(storage))?.position.leftovers).toEqual(leftovers)
    account.receive(sets(['b']))
    await account.writer.write()
    account.writer.snapshotNext()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 0, generation: 3, journalFrom: 4, nextSeq: 4 })
    expect(account.writer.position.leftovers).toEqual(leftovers)
    fails.remove = () => false
    account.writer.settleNext()
    await account.writer.write()
    expect(account.writer.untidy).toBe(false)
    expect(keysOf(data)).toEqual(expectedKeys(account.writer.position))
    expect(await loadedState(storage)).toEqual(account.state())
  })
})

describe('what else storage holds', () => {
  test('behavior: a new account removes the pieces a snapshot cut short left in either slot', async () => {
    const { storage, data } = createStorage()
    for (const slot of [0, 1] as const) {
      for (let index = 0; index < 3; index++)
        data.set(chunkKey(base, slot, index), { v: 1, id: 'cut', index, text: 'x'.repeat(100) })
    }
    expect(await load(storage)).toBeUndefined()
    const account = createAccount(storage)
    account.receive(sets(['a']))
    await account.writer.write()
    expect(keysOf(data)).toEqual(expectedKeys(account.writer.position))
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: the pieces of a snapshot cut short by a failure are removed by the next one, and the position says they are there', async () => {
    const { storage, data, fails } = createStorage()
    const account = createAccount(storage, { maxBytes: 2048 })
    await account.writer.write()
    fails.set = (key) => key === chunkKey(base, 1, 2)
    account.receive(sets(names(60)))
    await expect(account.writer.write()).rejects.toThrow('disk full')
    expect(data.has(chunkKey(base, 1, 1))).toBe(true)
    const loaded = await load(storage)
    expect(loaded?.position.leftovers).toEqual({ otherSlot: { chunks: 0 }, journalFrom: undefined })
    expect(account.writer.position.leftovers).toEqual(loaded?.position.leftovers)
    // The next snapshot (of a smaller state) goes to the same slot, in one value.
    fails.set = () => false
    account.receive(deletes(names(59)))
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 1, generation: 2, chunks: 0 })
    expect(keysOf(data)).toEqual(expectedKeys(account.writer.position))
    expect(await loadedState(storage)).toEqual(account.state())
  })

  test('behavior: a position without leftovers (nothing else on storage) is written on from', async () => {
    const { storage, data } = createStorage()
    const first = createAccount(storage)
    first.receive(sets(['a']))
    await first.writer.write()
    const loaded = await load(storage)
    if (!loaded) throw new Error('not loaded')
    const { leftovers: _, ...position } = loaded.position
    const again = createAccount(storage, { position, initial: loaded })
    expect(again.writer.position.leftovers).toEqual({ otherSlot: undefined, journalFrom: undefined })
    again.receive(sets(['b']))
    await again.writer.write()
    expect(again.writer.position).toMatchObject({ slot: 0, generation: 1, nextSeq: 1 })
    expect(keysOf(data)).toEqual(expectedKeys(again.writer.position))
    expect(await loadedState(storage)).toEqual(again.state())
  })
})
