import { createSurvivingStorage } from '@chatsync/test'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { loadStoredAccount, type StoragePosition } from './accountStorage.js'
import { createAccountSaving, SETTLE_AFTER_MS } from './createAccountSaving.js'
import { readerMarkerKey } from './readerMarker.js'
import { jsonBytes } from './storedSize.js'
import { testAccount } from './testAccount.fixture.js'

const { account, base, topics } = testAccount
const hex = (n: number) => n.toString(16).padStart(8, '0')
const thread = (n: number) => ({
  topic: `${hex(n)}${'e'.repeat(56)}`,
  selfAccount: account,
  peerAccount: `eip155:1:0x${hex(n).padStart(40, '0')}`,
  symKey: `${hex(n)}${'f'.repeat(56)}`,
})
const written = (n: number): OutboxItem => ({
  store: 'threads',
  method: 'wc_syncSet',
  id: 1_000 + n,
  key: thread(n).topic,
  value: JSON.stringify(thread(n)),
})

/**
 * One account's saving over a state the test sets: a burst of 300 local writes, first undelivered. Given
 * the storage and position of an earlier run, a run that loaded the account.
 */
function setup(
  loaded:
    | { storage: ChatSyncStorage; data: Map<string, unknown>; position: StoragePosition }
    | undefined = undefined,
) {
  const { storage, data } = loaded ?? createSurvivingStorage()
  const items = Array.from({ length: 300 }, (_, n) => written(n))
  const entries = Object.create(null)
  const ids = Object.create(null)
  for (const [n, item] of items.entries()) {
    entries[item.key] = thread(n)
    ids[item.key] = item.id
  }
  const stores = { ...emptyStores(), threads: { entries, ids } }
  let outbox = loaded ? [] : items
  let persisted = 0
  const saving = createAccountSaving({
    account,
    init: {
      signature: undefined,
      topics,
      position: loaded?.position,
      marker: { clientId: 'c', clean: false, token: 't' },
    },
    context: {
      storage,
      storageKey: () => base,
      persistSignature: false,
      onPersisted: () => {
        persisted++
      },
      emitError: (_, error) => {
        throw error
      },
    },
    stores: () => stores,
    outbox: () => outbox,
    copies: () => '{}',
  })
  const stored = () => [...data.values()].reduce((sum: number, value) => sum + jsonBytes(value), 0)
  /** What a new device with the same state keeps (a snapshot of it). */
  const fresh = () => jsonBytes(saving.record(true))
  return {
    saving,
    storage,
    data,
    stored,
    fresh,
    /** How many times storage was told the account's record reached it. */
    persisted: () => persisted,
    async burstThenDelivered() {
      saving.add({ added: items })
      await saving.saveNow()
      outbox = []
      saving.add({ delivered: items })
      await saving.saveNow()
    },
  }
}

describe('saving', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('behavior: once quiet, storage keeps about what a snapshot of the state takes (not the burst written before)', async () => {
    const { saving, storage, stored, fresh, burstThenDelivered } = setup()
    await burstThenDelivered()
    // The snapshot holds the burst's outbox; the journal, that it was delivered.
    expect(stored()).toBeGreaterThan(1.5 * fresh())
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS - 100)
    expect(stored()).toBeGreaterThan(1.5 * fresh())
    await vi.advanceTimersByTimeAsync(200)
    await saving.saved()
    expect(stored()).toBeLessThanOrEqual(1.1 * fresh())
    const loaded = await loadStoredAccount({ storage, base, account, migrate: undefined })
    expect(loaded?.outbox).toEqual([])
    expect(Object.keys(loaded?.stores.threads.entries ?? {})).toHaveLength(300)
    // Settled: nothing more to look at until something changes.
    const writes = vi.fn()
    const setItem = storage.setItem
    storage.setItem = async (key, value) => {
      writes(key)
      return setItem(key, value)
    }
    await vi.advanceTimersByTimeAsync(10 * SETTLE_AFTER_MS)
    expect(writes).not.toHaveBeenCalled()
  })

  test('behavior: a clean stop settles before it marks the account clean', async () => {
    const { saving, data, stored, fresh, burstThenDelivered } = setup()
    await burstThenDelivered()
    expect(stored()).toBeGreaterThan(1.5 * fresh())
    await saving.stop(false, true)
    expect(data.get(readerMarkerKey(base))).toMatchObject({ clean: true })
    const marker = jsonBytes(data.get(readerMarkerKey(base)))
    expect(stored() - marker).toBeLessThanOrEqual(1.1 * fresh())
  })

  test('behavior: a loaded account an earlier run left untidy is settled once quiet, then left alone', async () => {
    const first = setup()
    await first.burstThenDelivered()
    const position = (await loadStoredAccount({ storage: first.storage, base, account, migrate: undefined }))
      ?.position
    if (!position) throw new Error('nothing stored')
    const { stored, fresh, persisted } = setup({ ...first, position })
    expect(stored()).toBeGreaterThan(1.5 * fresh())
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS - 100)
    expect([stored() > 1.5 * fresh(), persisted()]).toEqual([true, 0])
    await vi.advanceTimersByTimeAsync(200)
    expect(stored()).toBeLessThanOrEqual(1.1 * fresh())
    expect(persisted()).toBe(1)
    // Settled: no more writes while nothing changes.
    await vi.advanceTimersByTimeAsync(10 * SETTLE_AFTER_MS)
    expect(persisted()).toBe(1)
  })

  test('behavior: a new account is written only once something changes', async () => {
    const { data, persisted } = setup()
    await vi.advanceTimersByTimeAsync(10 * SETTLE_AFTER_MS)
    expect([data.size, persisted()]).toEqual([0, 0])
  })

  test('behavior: in a browser (timers are numbers, with no unref) a loaded account saves and settles as well', async () => {
    const first = setup()
    await first.burstThenDelivered()
    const position = (await loadStoredAccount({ storage: first.storage, base, account, migrate: undefined }))
      ?.position
    if (!position) throw new Error('nothing stored')
    const delays: number[] = []
    vi.stubGlobal('setTimeout', (_: () => void, ms: number) => delays.push(ms))
    vi.stubGlobal('clearTimeout', () => {})
    try {
      // Loaded untidy: its settling is due once quiet.
      const { saving, persisted } = setup({ ...first, position })
      expect(delays).toEqual([SETTLE_AFTER_MS])
      saving.snapshotSoon()
      await expect(saving.saveNow()).resolves.toBeUndefined()
      expect(persisted()).toBe(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
