import { afterEach, describe, expect, test, vi } from 'vitest'
import { StorageError } from '../../errors/engine.js'
import { applyUpdates, type StoreUpdate } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { loadAccount, sameTopics } from './loadAccount.js'
import { encodePersistedAccount, type PersistedAccount, persistedAccountKey } from './persistedAccount.js'
import { createUnloadCopies } from './unloadCopies.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const storageKey = persistedAccountKey('', account)
const topics = byStore((store) => store.length.toString(16).padStart(64, 'a'))
const otherTopics = { ...topics, threads: 'f'.repeat(64) }

const keys = (name: string) => ({ publicKey: `pub ${name}`, privateKey: `priv ${name}`, account: name })
const set = (key: string, id: number): StoreUpdate<unknown> => ({ type: 'set', id, key, value: keys(key) })
const del = (key: string, id: number): StoreUpdate<unknown> => ({ type: 'delete', id, key })
const write = (id: number, key: string): OutboxItem => ({
  store: 'inviteKeys',
  method: 'wc_syncDel',
  id,
  key,
})

function stores(updates: StoreUpdate<unknown>[], store: ChatStoreId = 'inviteKeys'): ChatSyncStores {
  const empty = emptyStores()
  return { ...empty, [store]: applyUpdates(empty[store], updates) }
}

function record(
  updates: StoreUpdate<unknown>[],
  {
    outbox = [] as OutboxItem[],
    signature = undefined as string | undefined,
    of = topics,
    who = account,
  } = {},
): PersistedAccount {
  return encodePersistedAccount({ account: who, signature, topics: of, stores: stores(updates), outbox })
}

function memoryStorage(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(initial))
  const storage: ChatSyncStorage = {
    getItem: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    setItem: async (key, value) => void data.set(key, structuredClone(value)),
    removeItem: async (key) => void data.delete(key),
  }
  return storage
}

/** The page's localStorage holding `copy` as the account's unload copy (when given). */
function unloadCopiesWith(copy?: unknown) {
  const data = new Map<string, string>()
  if (copy !== undefined)
    data.set(`${storageKey}//unload`, typeof copy === 'string' ? copy : JSON.stringify(copy))
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  })
  return createUnloadCopies(() => storageKey)
}

async function load({
  stored,
  copy,
  withCopies = true,
  migrate,
}: {
  stored?: unknown
  copy?: unknown
  withCopies?: boolean
  migrate?: (record: unknown, version: number) => PersistedAccount | undefined
}) {
  const storage = memoryStorage(stored === undefined ? {} : { [storageKey]: stored })
  const unloadCopies = withCopies ? unloadCopiesWith(copy) : undefined
  const loaded = await loadAccount({ storage, storageKey, account, unloadCopies, migrate })
  return { loaded, unloadCopies }
}

const ids = (loaded: { stores: ChatSyncStores } | undefined) => ({ ...loaded?.stores.inviteKeys.ids })
const entryKeys = (loaded: { stores: ChatSyncStores } | undefined) =>
  Object.keys(loaded?.stores.inviteKeys.entries ?? {}).sort()

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('loadAccount', () => {
  test('default: nothing stored and no copy: nothing', async () => {
    expect((await load({})).loaded).toBeUndefined()
    expect((await load({ withCopies: false })).loaded).toBeUndefined()
  })

  test('behavior: what storage holds, as it holds it, when the page left no copy (or there are no copies)', async () => {
    const stored = record([set('a', 5), del('b', 6)], { outbox: [write(6, 'b')], signature: '0xsig' })
    for (const withCopies of [true, false]) {
      const { loaded } = await load({ stored, withCopies })
      expect(loaded?.merged).toBe(false)
      expect(ids(loaded)).toEqual({ a: 5, b: 6 })
      expect(entryKeys(loaded)).toEqual(['a'])
      expect(loaded?.outbox).toEqual([write(6, 'b')])
      expect(loaded?.signature).toBe('0xsig')
      expect(sameTopics(loaded?.topics ?? otherTopics, topics)).toBe(true)
      expect(loaded?.position).toMatchObject({ slot: 0 })
    }
  })

  test('behavior: the page’s copy of the same stores is merged in, last writer wins per key; its writes still go out', async () => {
    const stored = record([set('a', 5), set('b', 1), set('c', 9)], {
      outbox: [write(9, 'x')],
      signature: '0xsig',
    })
    const copy = record([set('a', 3), del('b', 2), set('d', 4)], { outbox: [write(4, 'y'), write(9, 'x')] })
    const { loaded, unloadCopies } = await load({ stored, copy })
    expect(loaded?.merged).toBe(true)
    expect(ids(loaded)).toEqual({ a: 5, b: 2, c: 9, d: 4 })
    expect(entryKeys(loaded)).toEqual(['a', 'c', 'd'])
    expect(loaded?.outbox).toEqual([write(4, 'y'), write(9, 'x')])
    expect(loaded?.signature).toBe('0xsig')
    // Where storage holds it: the next write goes on from there.
    expect(loaded?.position).toMatchObject({ slot: 0 })
    // The copy is known, so the next write that reaches storage removes it.
    expect(unloadCopies?.has(account)).toBe(true)
  })

  test('behavior: a copy alone (storage never got the first write) is the account', async () => {
    const copy = record([set('a', 3)], { outbox: [write(3, 'a')] })
    const { loaded } = await load({ copy })
    expect(loaded?.merged).toBe(true)
    expect(ids(loaded)).toEqual({ a: 3 })
    expect(loaded?.outbox).toEqual([write(3, 'a')])
    expect(loaded?.position).toBeUndefined()
  })

  test('behavior: a copy of other stores (an earlier registration) is not merged', async () => {
    const stored = record([set('a', 5)])
    const copy = record([set('a', 9), set('z', 9)], { of: otherTopics, outbox: [write(9, 'z')] })
    const { loaded } = await load({ stored, copy })
    expect(loaded?.merged).toBe(false)
    expect(ids(loaded)).toEqual({ a: 5 })
    expect(loaded?.outbox).toEqual([])
    expect(loaded?.topics.threads).toBe(topics.threads)
  })

  test('behavior: a copy of another account, or one that is not a record, is ignored', async () => {
    const stored = record([set('a', 5)])
    for (const copy of [record([set('a', 9)], { who: 'eip155:1:0xother' }), '{oops', 42, { version: 1 }]) {
      const { loaded } = await load({ stored, copy })
      expect(loaded?.merged).toBe(false)
      expect(ids(loaded)).toEqual({ a: 5 })
    }
    expect((await load({ copy: '{oops' })).loaded).toBeUndefined()
  })

  test('behavior: records of an older version go through migrate, the stored one and the copy alike', async () => {
    const old = (updates: StoreUpdate<unknown>[]) => ({ ...record(updates), version: 0 })
    const migrate = vi.fn((raw: unknown) => ({ ...(raw as PersistedAccount), version: 1 as const }))
    const { loaded } = await load({ stored: old([set('a', 5)]), copy: old([set('b', 6)]), migrate })
    expect(migrate).toHaveBeenCalledTimes(2)
    expect(migrate).toHaveBeenCalledWith(expect.objectContaining({ version: 0 }), 0)
    expect(ids(loaded)).toEqual({ a: 5, b: 6 })
    expect((await load({ stored: old([set('a', 5)]) })).loaded).toBeUndefined()
  })

  test('error: storage that cannot be read fails the load with a StorageError naming the account', async () => {
    const migrate = () => {
      throw new Error('cannot read')
    }
    const failing = load({ stored: { ...record([set('a', 5)]), version: 0 }, migrate })
    await expect(failing).rejects.toThrowError(StorageError)
    await expect(failing).rejects.toMatchObject({
      operation: 'load',
      shortMessage: `Could not load the sync state of ${account}.`,
      cause: expect.objectContaining({ message: 'cannot read' }),
    })
  })

  test('behavior: sameTopics compares every store’s topic', () => {
    expect(sameTopics(topics, { ...topics })).toBe(true)
    for (const store of Object.keys(topics) as ChatStoreId[]) {
      expect(sameTopics(topics, { ...topics, [store]: '0'.repeat(64) })).toBe(false)
    }
  })
})
