import { describe, expect, test } from 'vitest'
import { emptyStores } from '../accountSnapshot.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { chunkKey, journalKey, type StoragePosition, slotKey } from './accountStorage.js'
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

/** A storage in memory whose values are copied like a real one's, with every removal recorded. */
function memoryStorage() {
  const data = new Map<string, unknown>()
  const removed: string[] = []
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined
    },
    async setItem(key, value) {
      data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      removed.push(key)
      data.delete(key)
    },
  }
  return { storage, data, removed }
}

/**
 * An account written by the engine's writer with values of at most 1 KB: its snapshot (20 threads) is in
 * pieces, then `entries` journal entries of one change each.
 */
async function writtenAccount({ position, entries }: { position?: StoragePosition; entries: number }) {
  const { storage, data, removed } = memoryStorage()
  let threads = 20
  const record = () => {
    const entries: Record<string, unknown> = {}
    const ids: Record<string, number> = {}
    for (let n = 0; n < threads; n++) {
      entries[`t${n}`] = thread(n)
      ids[`t${n}`] = 1000 + n
    }
    const stores = { ...emptyStores(), threads: { entries, ids } } as ReturnType<typeof emptyStores>
    return encodePersistedAccount({ account, signature: undefined, topics, stores, outbox: [] })
  }
  const writer = createAccountWriter({
    storage,
    base,
    position,
    record,
    entryCount: () => threads,
    maxBytes: 1024,
  })
  writer.snapshotNext()
  await writer.write()
  for (let n = 0; n < entries; n++) {
    writer.add({
      applied: { threads: [{ type: 'set', id: 2000 + n, key: `t${threads}`, value: thread(threads) }] },
    })
    threads++
    await writer.write()
  }
  removed.length = 0
  return { storage, data, removed, position: writer.position }
}

describe('removeStoredAccount', () => {
  test('default: the newest snapshot, in pieces, and its journal are removed', async () => {
    const { storage, data, position } = await writtenAccount({ entries: 3 })
    expect(position.chunks).toBeGreaterThan(1)
    expect(data.has(journalKey(base, 2))).toBe(true)
    await removeStoredAccount(storage, base, position)
    expect([...data.keys()]).toEqual([])
  })

  test('behavior: journal entries just below the position (a cleanup cut short that it does not name) go too', async () => {
    const { storage, data } = await writtenAccount({ entries: 3 })
    // Only what a position must hold: entries 0 and 1 are below it, its pieces are not counted.
    const position: StoragePosition = { slot: 0, generation: 1, journalFrom: 2, nextSeq: 3 }
    await removeStoredAccount(storage, base, position)
    expect([...data.keys()]).toEqual([])
  })

  test('behavior: without a position (nothing readable was loaded), what the slots hold goes, pieces looked for', async () => {
    const { storage, data } = await writtenAccount({ entries: 0 })
    expect(data.has(chunkKey(base, 0, 1))).toBe(true)
    await removeStoredAccount(storage, base, undefined)
    expect([...data.keys()]).toEqual([])
  })

  test('behavior: removing costs what the account holds, not its history (a journal that starts at 300)', async () => {
    const start: StoragePosition = { slot: 1, generation: 4, journalFrom: 300, nextSeq: 300, leftovers: {} }
    const { storage, data, removed, position } = await writtenAccount({ position: start, entries: 2 })
    expect(position).toMatchObject({ slot: 0, journalFrom: 300, nextSeq: 302 })
    const held = [...data.keys()]
    await removeStoredAccount(storage, base, position)
    expect([...data.keys()]).toEqual([])
    // Each key held is removed once; beyond them only the other slot's head, removed without looking.
    expect(removed.filter((key) => !held.includes(key))).toEqual([slotKey(base, 1)])
    expect(removed).toHaveLength(held.length + 1)
  })
})
