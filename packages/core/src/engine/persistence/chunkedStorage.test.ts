import { createSurvivingStorage } from '@chatsync/test'
import { describe, expect, test } from 'vitest'
import type { StoreUpdate } from '../../lww/applyUpdate.js'
import { emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { chunkKey, journalKey, loadStoredAccount, type StoragePosition, slotKey } from './accountStorage.js'
import { createAccountWriter } from './createAccountWriter.js'
import { encodePersistedAccount } from './persistedAccount.js'
import { jsonBytes, MAX_STORED_VALUE_BYTES } from './storedSize.js'
import { testAccount } from './testAccount.fixture.js'

const { account, base, topics } = testAccount
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
/** Thread `n`'s key (its topic: the store's key is checked against the value). */
const key = (n: number) => `${hex(n, 8)}${'e'.repeat(56)}`
const thread = (n: number, version = 0) => ({
  topic: key(n),
  selfAccount: account,
  peerAccount: `eip155:1:0x${hex(version, 40)}`,
  symKey: `${hex(n * 7919 + version, 16)}${'f'.repeat(48)}`,
})

/** A seeded random source (mulberry32): a failure prints its seed, `CHATSYNC_STORAGE_SEED` replays it. */
function createRandom() {
  const seed = Number(process.env.CHATSYNC_STORAGE_SEED) || (Date.now() ^ (process.pid << 8)) >>> 0
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { seed, next, int: (max: number) => Math.floor(next() * max) }
}

/**
 * Storage that can die: after `killAfter(n)`, the n+1th write (set or remove) ends as a kill leaves it,
 * not done, its key gone (the core's Node storage removes a file before writing it) or half written,
 * and nothing is written after it.
 */
function killableStorage(random: ReturnType<typeof createRandom>) {
  const kept = createSurvivingStorage()
  let budget = Number.POSITIVE_INFINITY
  let writes = 0
  const die = (key: string, value?: unknown) => {
    const effect = random.int(3)
    if (effect === 1) kept.data.delete(key)
    if (effect === 2 && value !== undefined) kept.data.set(key, JSON.stringify(value).slice(0, 40))
    kept.freeze()
    throw new Error('killed')
  }
  const storage: ChatSyncStorage = {
    getItem: (key) => kept.storage.getItem(key),
    async setItem(key, value) {
      writes++
      if (budget-- <= 0) die(key, value)
      await kept.storage.setItem(key, value)
    },
    async removeItem(key) {
      writes++
      if (budget-- <= 0) die(key)
      await kept.storage.removeItem(key)
    },
  }
  return {
    storage,
    data: kept.data,
    writes: () => writes,
    killAfter(n: number) {
      budget = n
    },
    revive() {
      budget = Number.POSITIVE_INFINITY
      kept.thaw()
    },
  }
}

/** An account's state changed by hand (as the reducer would), with a writer saving it. */
function createAccount(
  storage: ChatSyncStorage,
  {
    position,
    maxBytes,
    initial,
  }: {
    position?: StoragePosition | undefined
    maxBytes?: number
    /** The state it starts from (a load's). */
    initial?: { stores: ReturnType<typeof emptyStores>; outbox: OutboxItem[] } | undefined
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
    entryCount: () => Object.keys(stores.threads.ids).length,
  })
  const applyHere = (updates: StoreUpdate<unknown>[]) => {
    const entries = Object.assign(Object.create(null), stores.threads.entries)
    const ids = Object.assign(Object.create(null), stores.threads.ids)
    for (const update of updates) {
      if (update.type === 'set') entries[update.key] = update.value
      else delete entries[update.key]
      ids[update.key] = update.id
    }
    stores = { ...stores, threads: { entries, ids } } as typeof stores
  }
  return {
    writer,
    /** Changes from the relay. */
    receive(updates: StoreUpdate<unknown>[]) {
      applyHere(updates)
      writer.add({ applied: { threads: updates } })
    },
    /** Writes made here: applied, and in the outbox until delivered. */
    write(updates: StoreUpdate<unknown>[]) {
      applyHere(updates)
      const items = updates.map(
        (update): OutboxItem =>
          update.type === 'set'
            ? {
                store: 'threads',
                method: 'wc_syncSet',
                id: update.id,
                key: update.key,
                value: JSON.stringify(update.value),
              }
            : { store: 'threads', method: 'wc_syncDel', id: update.id, key: update.key },
      )
      outbox = [...outbox, ...items]
      writer.add({ added: items })
    },
    deliverAll() {
      const delivered = outbox
      outbox = []
      writer.add({ delivered })
    },
    /** What a load must give back. */
    state: () => ({ threads: { ...stores.threads }, outbox: [...outbox] }),
  }
}

const load = (storage: ChatSyncStorage) => loadStoredAccount({ storage, base, account, migrate: undefined })
const loadedState = async (storage: ChatSyncStorage) => {
  const loaded = await load(storage)
  return loaded && { threads: { ...loaded.stores.threads }, outbox: loaded.outbox }
}
const sets = (from: number, count: number, version: number, id: number): StoreUpdate<unknown>[] =>
  Array.from({ length: count }, (_, n) => ({
    type: 'set',
    id: id + n,
    key: key(from + n),
    value: thread(from + n, version),
  }))
const storedBytes = (data: Map<string, unknown>) =>
  [...data.values()].reduce((sum: number, value) => sum + jsonBytes(value), 0)
const largestValue = (data: Map<string, unknown>) => Math.max(...[...data.values()].map(jsonBytes))

/** Keys the account should hold at `position`, and no others. */
function expectedKeys(position: StoragePosition) {
  const keys = [slotKey(base, position.slot)]
  for (let index = 0; index < (position.chunks ?? 0); index++) keys.push(chunkKey(base, position.slot, index))
  for (let seq = position.journalFrom; seq < position.nextSeq; seq++) keys.push(journalKey(base, seq))
  return keys.sort()
}

/**
 * Smaller runs under mutation testing (`pnpm test:mutation`), where the instrumented code of these tests
 * runs about a hundred times slower and every surviving mutant of persistence runs them all: a tenth of
 * the entries under a tenth of the cap (the same number of pieces), three kill points per snapshot instead
 * of every write, one round of random kills instead of three, and shorter histories.
 */
const scale =
  process.env.CHATSYNC_MUTATION === '1'
    ? {
        entries: 1_000,
        maxBytes: MAX_STORED_VALUE_BYTES / 10,
        killPoints: 3,
        killRounds: 1,
        histories: 3,
        steps: 600,
      }
    : {
        entries: 10_000,
        maxBytes: undefined,
        killPoints: Number.POSITIVE_INFINITY,
        killRounds: 3,
        histories: 12,
        steps: 2_000,
      }
const cap = scale.maxBytes ?? MAX_STORED_VALUE_BYTES
const times = (count: number) => (count * scale.entries) / 10_000

describe('chunked snapshots', () => {
  test('behavior: 10,000 entries: no stored value over 512 KB, and the state reloads equal', {
    timeout: 120_000,
  }, async () => {
    const { storage, data } = createSurvivingStorage()
    const account = createAccount(storage, { maxBytes: scale.maxBytes })
    account.receive(sets(0, scale.entries, 0, 1_000_000))
    await account.writer.write()
    expect(account.writer.position.chunks).toBeGreaterThan(5)
    expect(largestValue(data)).toBeLessThanOrEqual(cap)
    expect(await loadedState(storage)).toEqual(account.state())
    // A burst of local writes larger than one value (a snapshot, its outbox included), then delivered.
    account.write(sets(0, times(3_000), 1, 2_000_000))
    await account.writer.write()
    expect(largestValue(data)).toBeLessThanOrEqual(cap)
    expect(await loadedState(storage)).toEqual(account.state())
    account.deliverAll()
    await account.writer.write()
    account.writer.settleNext()
    await account.writer.write()
    expect(largestValue(data)).toBeLessThanOrEqual(cap)
    expect(await loadedState(storage)).toEqual(account.state())
    expect([...data.keys()].sort()).toEqual(expectedKeys(account.writer.position))
  })

  test('behavior: a kill at any write of a snapshot in pieces leaves the previous state or the new one, and nothing stays behind', {
    timeout: 120_000,
  }, async () => {
    const random = createRandom()
    const run = async (killAt: number, messy: boolean) => {
      const killable = killableStorage(random)
      let first = createAccount(killable.storage, { maxBytes: 4096 })
      first.receive(sets(0, 200, 0, 1_000))
      await first.writer.write()
      if (messy) {
        // Storage as a kill in the cleanup after a snapshot leaves it: the slot and the journal entry that
        // snapshot superseded, partly.
        first.receive(sets(0, 200, 4, 2_000))
        first.writer.snapshotNext()
        await first.writer.write()
        first.write(sets(0, 5, 5, 3_000))
        await first.writer.write()
        const superseded = new Map(killable.data)
        first.writer.snapshotNext()
        await first.writer.write()
        // Killed at the first removal: all of slot 1 (head and pieces) and the journal entry are still there.
        for (const [key, value] of superseded) {
          if (key.includes('//chunk:') || key.includes('//account-b:') || key === journalKey(base, 0))
            killable.data.set(key, value)
        }
        expect(killable.data.has(chunkKey(base, 1, 3))).toBe(true)
        const loaded = await load(killable.storage)
        expect(loaded?.position.leftovers).toEqual({
          otherSlot: { chunks: expect.any(Number) },
          journalFrom: 0,
        })
        first = createAccount(killable.storage, {
          maxBytes: 4096,
          position: loaded?.position,
          initial: loaded,
        })
      }
      first.write(sets(0, 10, 1, 5_000))
      await first.writer.write()
      const before = first.state()
      const start = killable.writes()
      // The next write is a snapshot in pieces; the slot before it, in pieces too, and its journal go after it.
      first.receive(sets(190, 30, 2, 9_000))
      first.writer.snapshotNext()
      killable.killAfter(killAt)
      await first.writer.write().catch(() => {})
      const after = first.state()
      killable.revive()
      const loaded = await loadedState(killable.storage)
      expect([before, after], `seed ${random.seed}, kill at ${killAt}`).toContainEqual(loaded)
      // A restart goes on from there, killed again at some write of its own (the cleanup of what the
      // first kill left, say), and then once more: once settled, nothing of either kill is left.
      let stored = await load(killable.storage)
      const again = createAccount(killable.storage, {
        position: stored?.position,
        maxBytes: 4096,
        initial: stored,
      })
      const beforeAgain = again.state()
      again.receive(sets(0, 220, 3, 20_000))
      again.writer.snapshotNext()
      killable.killAfter(random.int(60))
      await again.writer.write().catch(() => {})
      const afterAgain = again.state()
      killable.revive()
      expect([beforeAgain, afterAgain], `seed ${random.seed}, kill at ${killAt}, again`).toContainEqual(
        await loadedState(killable.storage),
      )
      stored = await load(killable.storage)
      const last = createAccount(killable.storage, {
        position: stored?.position,
        maxBytes: 4096,
        initial: stored,
      })
      last.receive(sets(0, 5, 6, 30_000))
      await last.writer.write()
      last.writer.settleNext()
      await last.writer.write()
      expect(await loadedState(killable.storage)).toEqual(last.state())
      expect([...killable.data.keys()].sort(), `seed ${random.seed}, kill at ${killAt}`).toEqual(
        expectedKeys(last.writer.position),
      )
      return killable.writes() - start
    }
    for (const messy of [false, true]) {
      // A run without a kill counts the writes of the step killed below.
      const steps = await run(Number.POSITIVE_INFINITY, messy)
      expect(steps).toBeGreaterThan(30)
      // Every write (or `killPoints` of them, evenly spread from a random first).
      const stride = Math.max(1, Math.floor(steps / Math.min(scale.killPoints, steps)))
      for (let killAt = random.int(stride); killAt < steps; killAt += stride) await run(killAt, messy)
    }
  })

  test('behavior: a head is read only with the pieces of its own write', async () => {
    const { storage, data } = createSurvivingStorage()
    const account = createAccount(storage, { maxBytes: 4096 })
    account.receive(sets(0, 100, 1, 1_000))
    await account.writer.write()
    const earlier = new Map(data)
    account.receive(sets(0, 100, 2, 2_000))
    account.writer.snapshotNext()
    await account.writer.write()
    expect(account.writer.position).toMatchObject({ slot: 1, chunks: earlier.size - 1 })
    expect(await loadedState(storage)).toEqual(account.state())
    // One piece of the earlier write (the same length, in slot 0) under the newer head: not a mix.
    const piece = earlier.get(chunkKey(base, 0, 3)) as { text: string }
    expect((data.get(chunkKey(base, 1, 3)) as { text: string }).text).toHaveLength(piece.text.length)
    data.set(chunkKey(base, 1, 3), { ...piece })
    expect(await load(storage)).toBeUndefined()
  })

  test('behavior: 10,000 entries killed at random writes reload as the previous or the new state', {
    timeout: 120_000,
  }, async () => {
    const random = createRandom()
    const killable = killableStorage(random)
    let account = createAccount(killable.storage, { maxBytes: scale.maxBytes })
    account.receive(sets(0, scale.entries, 0, 1_000_000))
    await account.writer.write()
    for (let round = 1; round <= scale.killRounds; round++) {
      const before = await loadedState(killable.storage)
      account.receive(sets(times(round * 500), times(2_000), round, 1_000_000 + round * 100_000))
      account.writer.snapshotNext()
      killable.killAfter(random.int(30))
      await account.writer.write().catch(() => {})
      const after = account.state()
      killable.revive()
      const loaded = await loadedState(killable.storage)
      expect([before, after], `seed ${random.seed}, round ${round}`).toContainEqual(loaded)
      expect(largestValue(killable.data)).toBeLessThanOrEqual(cap)
      // Restarted from what storage holds.
      const stored = await load(killable.storage)
      account = createAccount(killable.storage, { position: stored?.position, maxBytes: scale.maxBytes })
      account.receive(
        Object.entries(stored?.stores.threads.ids ?? {}).map(([key, id]) => ({
          type: 'set',
          id,
          key,
          value: stored?.stores.threads.entries[key],
        })),
      )
      account.writer.snapshotNext()
      await account.writer.write()
    }
  })
})

describe('records of earlier versions', () => {
  test('behavior: single-value records (of any size) and their journal load, and the next snapshot replaces them', {
    timeout: 120_000,
  }, async () => {
    const { storage, data } = createSurvivingStorage()
    // As an earlier version left them: both slots in one value each (the older one over 512 KB, with an
    // outbox of a burst), and the journal after the newer one.
    const older = createAccount(createSurvivingStorage().storage)
    older.write(sets(0, 3_000, 0, 1_000))
    const newer = createAccount(createSurvivingStorage().storage)
    newer.receive(sets(0, 100, 1, 10_000))
    const record = (state: ReturnType<typeof older.state>) =>
      encodePersistedAccount({
        account,
        signature: 'sig',
        topics,
        stores: { ...emptyStores(), threads: state.threads },
        outbox: state.outbox,
      })
    data.set(slotKey(base, 1), { ...record(older.state()), generation: 4, journalFrom: 7 })
    data.set(slotKey(base, 0), { ...record(newer.state()), generation: 5, journalFrom: 9 })
    expect(jsonBytes(data.get(slotKey(base, 1)))).toBeGreaterThan(MAX_STORED_VALUE_BYTES)
    const change = sets(3, 1, 2, 20_000)[0] as StoreUpdate<unknown> & { type: 'set' }
    data.set(journalKey(base, 9), {
      v: 1,
      changes: [
        {
          store: 'threads',
          method: 'wc_syncSet',
          id: change.id,
          key: change.key,
          value: JSON.stringify(change.value),
        },
      ],
      added: [],
      delivered: [],
    })
    newer.receive([change])
    const loaded = await load(storage)
    expect(await loadedState(storage)).toEqual(newer.state())
    expect(loaded?.signature).toBe('sig')
    expect(loaded?.position).toMatchObject({ slot: 0, generation: 5, journalFrom: 9, nextSeq: 10 })
    // Alone, the older one loads too.
    data.delete(slotKey(base, 0))
    expect(await loadedState(storage)).toEqual(older.state())
    data.set(slotKey(base, 0), { ...record(newer.state()), generation: 5, journalFrom: 9 })

    const going = createAccount(storage, { position: loaded?.position })
    going.receive(
      Object.entries(newer.state().threads.ids).map(([key, id]) => ({
        type: 'set',
        id,
        key,
        value: newer.state().threads.entries[key],
      })),
    )
    going.writer.snapshotNext()
    await going.writer.write()
    expect(going.writer.position).toMatchObject({ slot: 1, generation: 6, journalFrom: 10 })
    expect([...data.keys()].sort()).toEqual(expectedKeys(going.writer.position))
    expect(await loadedState(storage)).toEqual(newer.state())
  })
})

describe('storage after a history', () => {
  test('behavior: a settled account keeps at most 1.5 times what a new one with the same state keeps', {
    timeout: 120_000,
  }, async () => {
    const random = createRandom()
    for (let round = 0; round < scale.histories; round++) {
      const { storage, data } = createSurvivingStorage()
      const account = createAccount(storage)
      let id = 1_000
      const keys = 20 + random.int(200)
      for (let step = 0, steps = random.int(scale.steps); step < steps; step++) {
        const n = random.int(keys)
        const update: StoreUpdate<unknown> =
          random.next() < 0.2
            ? { type: 'delete', id: id++, key: key(n) }
            : { type: 'set', id: id++, key: key(n), value: thread(n, id) }
        if (random.next() < 0.5) account.write([update])
        else account.receive([update])
        if (random.next() < 0.05) account.deliverAll()
        if (random.next() < 0.3) await account.writer.write()
      }
      account.deliverAll()
      await account.writer.write()
      account.writer.settleNext()
      await account.writer.write()

      const fresh = createSurvivingStorage()
      const newcomer = createAccount(fresh.storage)
      const { threads } = account.state()
      newcomer.receive(
        Object.entries(threads.ids).map(([key, id]) =>
          Object.hasOwn(threads.entries, key)
            ? { type: 'set', id, key, value: threads.entries[key] }
            : { type: 'delete', id, key },
        ),
      )
      await newcomer.writer.write()
      expect(await loadedState(storage)).toEqual(account.state())
      expect(storedBytes(data), `seed ${random.seed}, round ${round}`).toBeLessThanOrEqual(
        1.5 * storedBytes(fresh.data),
      )
      expect([...data.keys()].sort()).toEqual(expectedKeys(account.writer.position))
    }
  })
})
