import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { StorageError } from '../../errors/engine.js'
import { applyUpdates, type StoreUpdate } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { loadStoredAccount, type StoragePosition, slotKey } from './accountStorage.js'
import { createAccountSaving } from './createAccountSaving.js'
import { persistedAccountKey } from './persistedAccount.js'
import { type ReaderMarker, readerMarkerKey } from './readerMarker.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const base = persistedAccountKey('', account)
const topics = byStore((store) => store.length.toString(16).padStart(64, 'b'))
const marker: ReaderMarker = { clientId: 'did:key:me', clean: false, token: 'abc' }
const keys = (name: string) => ({ publicKey: `pub ${name}`, privateKey: `priv ${name}`, account: name })
const set = (n: number): StoreUpdate<unknown> => ({
  type: 'set',
  id: 1000 + n,
  key: `k${n}`,
  value: keys(`k${n}`),
})

function setup({
  persistSignature = true,
  snapshotFirst = false,
  loaded = false,
}: {
  persistSignature?: boolean
  snapshotFirst?: boolean
  loaded?: boolean
} = {}) {
  const data = new Map<string, unknown>()
  const state = { failWrites: false, failMarker: false }
  const storage: ChatSyncStorage = {
    getItem: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    setItem: async (key, value) => {
      if (state.failWrites || (state.failMarker && key === readerMarkerKey(base)))
        throw new Error('disk full')
      data.set(key, structuredClone(value))
    },
    removeItem: async (key) => void data.delete(key),
  }
  let stores: ChatSyncStores = emptyStores()
  let outbox: OutboxItem[] = []
  const persisted: string[] = []
  const errors: unknown[] = []
  const make = (position = undefined as StoragePosition | undefined) =>
    createAccountSaving({
      account,
      init: { signature: '0xsecret', topics, position, snapshotFirst, marker },
      context: {
        storage,
        storageKey: (name) => persistedAccountKey('', name),
        persistSignature,
        onPersisted: (name) => persisted.push(name),
        emitError: (name, error) => errors.push({ name, error }),
      },
      stores: () => stores,
      outbox: () => outbox,
      copies: () => '{"threads":{}}',
    })
  const saving = loaded ? undefined : make()
  return {
    saving: saving as ReturnType<typeof make>,
    make,
    data,
    state,
    storage,
    persisted,
    errors,
    apply(updates: StoreUpdate<unknown>[]) {
      stores = { ...stores, inviteKeys: applyUpdates(stores.inviteKeys, updates) } as ChatSyncStores
      return { applied: { inviteKeys: updates } }
    },
    queue(items: OutboxItem[]) {
      outbox = items
    },
    load: () => loadStoredAccount({ storage, base, account, migrate: undefined }),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createAccountSaving', () => {
  test('default: a change is written on the next turn, saved() settles then, and storage is told each time', async () => {
    const ctx = setup()
    ctx.saving.add(ctx.apply([set(1)]))
    expect(ctx.saving.pending).toBe(true)
    const saved = ctx.saving.saved()
    let settled = false
    void saved.then(() => {
      settled = true
    })
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(0)
    await saved
    expect(settled).toBe(true)
    expect(ctx.saving.pending).toBe(false)
    expect(ctx.persisted).toEqual([account])
    const loaded = await ctx.load()
    expect({ ...loaded?.stores.inviteKeys.ids }).toEqual({ k1: 1001 })
    expect(loaded?.copies).toBe('{"threads":{}}')
    // Storage keeps the signature (persistSignature): a reload needs no new one.
    expect(loaded?.signature).toBe('0xsecret')
    expect(loaded?.position).toMatchObject(ctx.saving.position)
  })

  test('behavior: the record holds the signature only when asked and allowed', () => {
    expect(setup().saving.record(true).signature).toBe('0xsecret')
    expect(setup().saving.record(false).signature).toBeUndefined()
    expect(setup({ persistSignature: false }).saving.record(true).signature).toBeUndefined()
    const record = setup().saving.record(true)
    expect(record).toMatchObject({ account, topics, outbox: '[]', copies: '{"threads":{}}' })
  })

  test('behavior: a failed write is reported as a StorageError of the account, and retried', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999_9)
    const ctx = setup()
    ctx.state.failWrites = true
    ctx.saving.add(ctx.apply([set(1)]))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.errors).toEqual([{ name: account, error: expect.any(StorageError) }])
    expect((ctx.errors[0] as { error: StorageError }).error).toMatchObject({
      operation: 'save',
      cause: new Error('disk full'),
    })
    ctx.state.failWrites = false
    await vi.advanceTimersByTimeAsync(500)
    expect({ ...(await ctx.load())?.stores.inviteKeys.ids }).toEqual({ k1: 1001 })
    vi.restoreAllMocks()
  })

  test('behavior: a loaded account writes journal entries; with snapshotFirst (an unload copy merged), a snapshot first', async () => {
    for (const snapshotFirst of [false, true]) {
      const first = setup()
      first.saving.add(first.apply([set(1)]))
      await first.saving.saveNow()
      const position = (await first.load())?.position
      const ctx = setup({ snapshotFirst })
      // The same storage, loaded by a second run.
      for (const [key, value] of first.data) ctx.data.set(key, value)
      const saving = ctx.make(position)
      saving.add(ctx.apply([set(2)]))
      await saving.saveNow()
      expect(saving.position.generation).toBe((position?.generation ?? 0) + (snapshotFirst ? 1 : 0))
    }
  })

  test('behavior: snapshotSoon makes the next write a whole snapshot', async () => {
    const ctx = setup()
    ctx.saving.add(ctx.apply([set(1)]))
    await ctx.saving.saveNow()
    const { generation } = ctx.saving.position
    ctx.saving.add(ctx.apply([set(2)]))
    await ctx.saving.saveNow()
    expect(ctx.saving.position.generation).toBe(generation)
    ctx.saving.snapshotSoon()
    expect(ctx.saving.pending).toBe(true)
    await vi.advanceTimersByTimeAsync(200)
    expect(ctx.saving.position.generation).toBe(generation + 1)
  })

  test('behavior: the journal may hold twice the account’s entries before a snapshot', async () => {
    const ctx = setup()
    const many = Array.from({ length: 150 }, (_, n) => set(n))
    ctx.saving.add(ctx.apply(many))
    await ctx.saving.saveNow()
    const { generation } = ctx.saving.position
    // A burst of 250 changes into an account of 150 entries stays a journal entry (the limit is 300).
    const burst = Array.from({ length: 250 }, (_, n) => ({ ...set(n), id: 5000 + n }))
    ctx.saving.add(ctx.apply(burst))
    await ctx.saving.saveNow()
    expect(ctx.saving.position.generation).toBe(generation)
    // Past twice the account's entries (150 now, so 300): the next write is a snapshot.
    const more = Array.from({ length: 51 }, (_, n) => ({ ...set(n), id: 9000 + n }))
    ctx.saving.add(ctx.apply(more))
    await ctx.saving.saveNow()
    expect(ctx.saving.position.generation).toBe(generation + 1)
  })
})

describe('createAccountSaving: stop', () => {
  test('behavior: a clean stop writes what is left, then marks the account clean', async () => {
    const ctx = setup()
    ctx.queue([{ store: 'inviteKeys', method: 'wc_syncDel', id: 1002, key: 'k2' }])
    ctx.saving.add(ctx.apply([set(1)]))
    await ctx.saving.stop(false, true)
    expect({ ...(await ctx.load())?.stores.inviteKeys.ids }).toEqual({ k1: 1001 })
    expect(ctx.data.get(readerMarkerKey(base))).toEqual({ ...marker, clean: true })
    // Nothing is written after the stop.
    ctx.saving.add(ctx.apply([set(3)]))
    await vi.advanceTimersByTimeAsync(1000)
    expect({ ...(await ctx.load())?.stores.inviteKeys.ids }).toEqual({ k1: 1001 })
  })

  test('behavior: a stop before catching up writes what is left but does not mark clean', async () => {
    const ctx = setup()
    ctx.saving.add(ctx.apply([set(1)]))
    await ctx.saving.stop(false, false)
    expect({ ...(await ctx.load())?.stores.inviteKeys.ids }).toEqual({ k1: 1001 })
    expect(ctx.data.has(readerMarkerKey(base))).toBe(false)
  })

  test('behavior: a stop that forgets the account writes nothing more and marks nothing', async () => {
    const ctx = setup()
    ctx.saving.add(ctx.apply([set(1)]))
    await ctx.saving.stop(true, true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(ctx.data.size).toBe(0)
  })

  test('behavior: a stop whose last write fails does not mark clean', async () => {
    const ctx = setup()
    ctx.state.failWrites = true
    ctx.saving.add(ctx.apply([set(1)]))
    await ctx.saving.stop(false, true)
    expect(ctx.data.has(readerMarkerKey(base))).toBe(false)
    expect(ctx.errors).toHaveLength(1)
  })

  test('behavior: a marker that cannot be written is reported, not thrown', async () => {
    const ctx = setup()
    ctx.state.failMarker = true
    ctx.saving.add(ctx.apply([set(1)]))
    await expect(ctx.saving.stop(false, true)).resolves.toBeUndefined()
    expect(ctx.errors).toEqual([{ name: account, error: expect.any(StorageError) }])
    expect(ctx.data.has(slotKey(base, 0)) || ctx.data.has(slotKey(base, 1))).toBe(true)
  })
})
