import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { applyUpdates, type StoreUpdate } from '../../lww/applyUpdate.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { type Retention, resolveRetention } from '../retention.js'
import { createKeepAlive } from './createKeepAlive.js'

/*
 * The keep-alive's decisions, each pinned: which copy time it keeps, when a copy is worth a save, what
 * falls due and in which order, tombstones kept alive forever by default and aged out with a finite
 * lifetime, and what survives a restart.
 */

const T0 = Date.UTC(2026, 0, 1)
/** A change id made at `ms` (milliseconds since the epoch, times 1,000, plus three digits). */
const idAt = (ms: number, digits = 1) => ms * 1000 + digits

/** No jitter: a copy falls due exactly `refreshAfterMs` after it was published. */
const exact = (overrides: Partial<Retention> = {}): Retention => ({
  ttlSeconds: 10,
  refreshAfterMs: 1000,
  jitterMs: 0,
  tombstoneMs: Number.POSITIVE_INFINITY,
  checkEveryMs: 50,
  ...overrides,
})

function setup({
  retention = exact(),
  persisted,
}: {
  retention?: Retention
  persisted?: string | undefined
} = {}) {
  let stores: ChatSyncStores = emptyStores()
  const published: OutboxItem[][] = []
  const onChanged = vi.fn()
  const keepAlive = createKeepAlive({
    retention,
    persisted,
    stores: () => stores,
    idOf: (store, key) => stores[store].ids[key] ?? 0,
    publish: (items) => published.push([...items]),
    onChanged,
  })
  const apply = (store: ChatStoreId, updates: StoreUpdate<unknown>[]) => {
    stores = { ...stores, [store]: applyUpdates(stores[store], updates) }
  }
  const set = (key: string, id: number, store: ChatStoreId = 'threads') =>
    apply(store, [{ type: 'set', id, key, value: { topic: key } }])
  const del = (key: string, id: number, store: ChatStoreId = 'threads') =>
    apply(store, [{ type: 'delete', id, key }])
  const keys = (items: readonly OutboxItem[]) => items.map((item) => item.key)
  return { keepAlive, published, onChanged, set, del, keys }
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('createKeepAlive: the copy time it keeps', () => {
  test('behavior: an older copy seen after a newer one never moves the copy time back', () => {
    const { keepAlive, set } = setup()
    const id = idAt(T0 - 5000)
    set('t', id)
    keepAlive.observe([{ store: 'threads', key: 't', id, at: T0 - 1000 }])
    keepAlive.observe([{ store: 'threads', key: 't', id, at: T0 - 4000 }])
    expect(keepAlive.copyAt('threads', 't')).toBe(T0 - 1000)
    // Several copies in one batch: the newest wins whatever the order.
    keepAlive.observe([
      { store: 'threads', key: 't', id, at: T0 - 200 },
      { store: 'threads', key: 't', id, at: T0 - 900 },
    ])
    expect(keepAlive.copyAt('threads', 't')).toBe(T0 - 200)
  })

  test('behavior: a copy without a time, or one from the future, counts as seen now', () => {
    const { keepAlive, set } = setup()
    set('a', idAt(T0 - 100))
    set('b', idAt(T0 - 100))
    keepAlive.observe([{ store: 'threads', key: 'a', id: idAt(T0 - 100), at: undefined }])
    keepAlive.observe([{ store: 'threads', key: 'b', id: idAt(T0 - 100), at: T0 + 60_000 }])
    expect(keepAlive.copyAt('threads', 'a')).toBe(T0)
    expect(keepAlive.copyAt('threads', 'b')).toBe(T0)
    expect(keepAlive.copyAt('threads', 'unknown')).toBeUndefined()
  })

  test('behavior: only a copy of the change an entry holds counts, seen or delivered', () => {
    const { keepAlive, set } = setup()
    set('t', idAt(T0 - 100, 2))
    keepAlive.observe([{ store: 'threads', key: 't', id: idAt(T0 - 100, 1), at: T0 }])
    keepAlive.observe([{ store: 'inviteKeys', key: 't', id: idAt(T0 - 100, 2), at: T0 }])
    keepAlive.delivered([{ store: 'threads', method: 'wc_syncDel', id: idAt(T0 - 100, 3), key: 't' }])
    expect(keepAlive.copyAt('threads', 't')).toBeUndefined()
    expect(keepAlive.copyAt('inviteKeys', 't')).toBeUndefined()
    keepAlive.delivered([{ store: 'threads', method: 'wc_syncDel', id: idAt(T0 - 100, 2), key: 't' }])
    expect(keepAlive.copyAt('threads', 't')).toBe(T0)
  })
})

describe('createKeepAlive: when a copy is worth a save', () => {
  test('behavior: a newer copy asks for a save once it is more than half the refresh horizon newer', () => {
    const { keepAlive, onChanged, set } = setup({
      retention: exact({ refreshAfterMs: 1000, jitterMs: 8000 }),
    })
    const id = idAt(T0 - 10_000)
    set('t', id)
    // First sight of a copy 10 s after its change: worth a save (more than 500 ms off).
    keepAlive.observe([{ store: 'threads', key: 't', id, at: T0 - 10_000 + 501 }])
    expect(onChanged).toHaveBeenCalledTimes(1)
    keepAlive.observe([{ store: 'threads', key: 't', id, at: T0 - 10_000 + 1001 }])
    expect(onChanged).toHaveBeenCalledTimes(1)
    keepAlive.observe([{ store: 'threads', key: 't', id, at: T0 - 10_000 + 1502 }])
    expect(onChanged).toHaveBeenCalledTimes(2)
    expect(keepAlive.copyAt('threads', 't')).toBe(T0 - 10_000 + 1502)
  })

  test('behavior: a first copy asks for a save when it is off its change’s time by more than the smaller of half the horizon and a quarter of the jitter', () => {
    // Half the horizon is the smaller bound here (500 ms against 2,000 ms).
    const byHorizon = setup({ retention: exact({ refreshAfterMs: 1000, jitterMs: 8000 }) })
    byHorizon.set('at', idAt(T0 - 500))
    byHorizon.set('over', idAt(T0 - 501))
    byHorizon.set('behind', idAt(T0 + 501))
    byHorizon.keepAlive.observe([{ store: 'threads', key: 'at', id: idAt(T0 - 500), at: T0 }])
    expect(byHorizon.onChanged).not.toHaveBeenCalled()
    byHorizon.keepAlive.observe([{ store: 'threads', key: 'over', id: idAt(T0 - 501), at: T0 }])
    expect(byHorizon.onChanged).toHaveBeenCalledTimes(1)
    // A copy older than its change (the writer's clock ahead) counts too.
    byHorizon.keepAlive.observe([{ store: 'threads', key: 'behind', id: idAt(T0 + 501), at: T0 }])
    expect(byHorizon.onChanged).toHaveBeenCalledTimes(2)

    // A quarter of the jitter is the smaller bound here (250 ms against 5,000 ms).
    const byJitter = setup({ retention: exact({ refreshAfterMs: 10_000, jitterMs: 1000 }) })
    byJitter.set('at', idAt(T0 - 250))
    byJitter.set('over', idAt(T0 - 251))
    byJitter.keepAlive.observe([{ store: 'threads', key: 'at', id: idAt(T0 - 250), at: T0 }])
    expect(byJitter.onChanged).not.toHaveBeenCalled()
    byJitter.keepAlive.observe([{ store: 'threads', key: 'over', id: idAt(T0 - 251), at: T0 }])
    expect(byJitter.onChanged).toHaveBeenCalledTimes(1)
  })

  test('default: a refresh seen 20 days after the change asks for a save; a copy 20 hours late does not', () => {
    const { keepAlive, onChanged, set } = setup({ retention: resolveRetention() })
    const HOUR = 3_600_000
    set('late', idAt(T0 - 20 * HOUR))
    keepAlive.observe([{ store: 'threads', key: 'late', id: idAt(T0 - 20 * HOUR), at: T0 }])
    expect(onChanged).not.toHaveBeenCalled()
    set('old', idAt(T0 - 20 * 24 * HOUR))
    keepAlive.observe([{ store: 'threads', key: 'old', id: idAt(T0 - 20 * 24 * HOUR), at: T0 }])
    expect(onChanged).toHaveBeenCalledTimes(1)
  })
})

describe('createKeepAlive: what falls due', () => {
  test('behavior: an entry falls due exactly when its copy is refreshAfter old; the next due time is the earliest', () => {
    const { keepAlive, set, keys } = setup()
    set('a', idAt(T0 - 400))
    set('b', idAt(T0 - 700))
    set('c', idAt(T0 - 100))
    expect(keys(keepAlive.due(T0 + 299, 10))).toEqual([])
    expect(keepAlive.nextDue).toBe(T0 + 300)
    expect(keys(keepAlive.due(T0 + 300, 10))).toEqual(['b'])
    expect(keepAlive.nextDue).toBe(T0 + 600)
    // A seen copy counts from its own time, not the change's.
    keepAlive.observe([{ store: 'threads', key: 'a', id: idAt(T0 - 400), at: T0 }])
    expect(keys(keepAlive.due(T0 + 900, 10))).toEqual(['c'])
    expect(keepAlive.nextDue).toBe(T0 + 1000)
    expect(keys(keepAlive.due(T0 + 1000, 10))).toEqual(['a'])
    expect(keepAlive.nextDue).toBeUndefined()
  })

  test('behavior: the oldest copies go first, at most `limit`; with more due the next check is now', () => {
    const { keepAlive, set, keys } = setup()
    set('newest', idAt(T0 - 2000))
    set('oldest', idAt(T0 - 4000))
    set('middle', idAt(T0 - 3000))
    set('later', idAt(T0 + 5000))
    expect(keys(keepAlive.due(T0, 2))).toEqual(['oldest', 'middle'])
    expect(keepAlive.nextDue).toBe(T0)
    expect(keys(keepAlive.due(T0, 2))).toEqual(['newest'])
    expect(keepAlive.nextDue).toBe(T0 + 6000)
    // Exactly `limit` due: nothing is left for now, the next check is when the next entry falls due.
    const exactly = setup()
    exactly.set('a', idAt(T0 - 2000))
    exactly.set('b', idAt(T0 - 3000))
    exactly.set('c', idAt(T0 + 1000))
    expect(exactly.keys(exactly.keepAlive.due(T0, 2))).toEqual(['b', 'a'])
    expect(exactly.keepAlive.nextDue).toBe(T0 + 2000)
  })

  test('behavior: a due entry is republished as it is (its value and id, or its tombstone), and is in flight until delivered', () => {
    const { keepAlive, set, del } = setup()
    set('kept', idAt(T0 - 5000))
    del('gone', idAt(T0 - 5000, 2), 'sentInvites')
    const due = keepAlive.due(T0, 10)
    expect(due).toEqual([
      { store: 'sentInvites', method: 'wc_syncDel', id: idAt(T0 - 5000, 2), key: 'gone' },
      { store: 'threads', method: 'wc_syncSet', id: idAt(T0 - 5000), key: 'kept', value: '{"topic":"kept"}' },
    ])
    expect(keepAlive.due(T0 + 10, 10)).toEqual([])
    keepAlive.delivered(due)
    expect(keepAlive.copyAt('threads', 'kept')).toBe(T0)
    expect(keepAlive.due(T0 + 999, 10)).toEqual([])
    expect(keepAlive.due(T0 + 1000, 10)).toHaveLength(2)
  })

  test('behavior: a delivery of another change still ends the refresh in flight', () => {
    const { keepAlive, set } = setup()
    set('t', idAt(T0 - 5000))
    const [item] = keepAlive.due(T0, 10)
    set('t', idAt(T0 - 10))
    keepAlive.delivered([item as OutboxItem])
    expect(keepAlive.copyAt('threads', 't')).toBeUndefined()
    // The entry's new change is due from its own time, not kept out as in flight.
    expect(keepAlive.due(T0 + 990, 10).map((due) => due.id)).toEqual([idAt(T0 - 10)])
  })

  test('default: tombstones are refreshed for as long as the account lives', () => {
    const { keepAlive, del } = setup({ retention: resolveRetention() })
    const YEAR = 365 * 86_400_000
    del('deleted-long-ago', idAt(T0 - 5 * YEAR))
    expect(keepAlive.due(T0, 10)).toEqual([
      { store: 'threads', method: 'wc_syncDel', id: idAt(T0 - 5 * YEAR), key: 'deleted-long-ago' },
    ])
  })

  test('behavior: a finite tombstone lifetime ages a tombstone out, counted from the delete; entries never age out', () => {
    const retention = exact({ tombstoneMs: 5000 })
    const [young, old] = [setup({ retention }), setup({ retention })]
    vi.setSystemTime(T0 + 4000)
    for (const device of [young, old]) {
      device.del('t', idAt(T0))
      device.set('s', idAt(T0))
      // A refreshed copy does not extend a tombstone's life.
      device.keepAlive.observe([{ store: 'threads', key: 't', id: idAt(T0), at: T0 + 4000 }])
    }
    expect(young.keys(young.keepAlive.due(T0 + 5000, 10))).toEqual(['s', 't'])
    expect(old.keys(old.keepAlive.due(T0 + 5001, 10))).toEqual(['s'])
    expect(old.keepAlive.nextDue).toBeUndefined()
  })

  test('behavior: with a jitter, each device spreads its entries over the whole jitter, differently from another device', () => {
    const retention = exact({ refreshAfterMs: 1000, jitterMs: 10_000 })
    const orders: string[][] = []
    for (const seed of [0.25, 0.75]) {
      vi.spyOn(Math, 'random').mockReturnValue(seed)
      const { keepAlive, set, keys } = setup({ retention })
      vi.mocked(Math.random).mockRestore()
      // Topics are random 32-byte hex strings.
      for (let n = 0; n < 100; n++) set(createHash('sha256').update(String(n)).digest('hex'), idAt(T0))
      const order: string[] = []
      const counts: number[] = []
      for (let tenth = 0; tenth <= 10; tenth++) {
        order.push(...keys(keepAlive.due(T0 + 1000 + tenth * 1000 - 1, 1000)))
        counts.push(order.length)
      }
      // None before the horizon, all by its end, and a share in each part of the jitter.
      expect(counts[0]).toBe(0)
      expect(counts[10]).toBe(100)
      for (let tenth = 1; tenth <= 10; tenth++) {
        const share = (counts[tenth] as number) - (counts[tenth - 1] as number)
        expect(share).toBeGreaterThan(0)
        expect(share).toBeLessThan(30)
      }
      orders.push(order)
    }
    expect(orders[0]).not.toEqual(orders[1])
  })
})

describe('createKeepAlive: checks', () => {
  test('behavior: start checks at once and then every checkEveryMs, publishing only what is due; stop ends it', async () => {
    const { keepAlive, set, published, keys } = setup({ retention: exact({ checkEveryMs: 50 }) })
    set('now', idAt(T0 - 1000))
    set('soon', idAt(T0 - 950))
    keepAlive.start()
    keepAlive.start()
    expect(published.map(keys)).toEqual([['now']])
    await vi.advanceTimersByTimeAsync(49)
    expect(published.map(keys)).toEqual([['now']])
    await vi.advanceTimersByTimeAsync(1)
    expect(published.map(keys)).toEqual([['now'], ['soon']])
    await vi.advanceTimersByTimeAsync(500)
    expect(published).toHaveLength(2)
    keepAlive.stop()
    set('late', idAt(T0))
    await vi.advanceTimersByTimeAsync(5000)
    expect(published).toHaveLength(2)
    // Started again after a stop, it checks again.
    keepAlive.start()
    expect(published.map(keys)).toEqual([['now'], ['soon'], ['late']])
    keepAlive.stop()
  })

  test('behavior: in a browser (timers are numbers, with no unref) the checks run as well', () => {
    const intervals: number[] = []
    vi.stubGlobal('setInterval', (_: () => void, ms: number) => intervals.push(ms))
    vi.stubGlobal('clearInterval', () => {})
    try {
      const { keepAlive, set, published } = setup({ retention: exact({ checkEveryMs: 70 }) })
      set('now', idAt(T0 - 1000))
      expect(() => keepAlive.start()).not.toThrow()
      expect(intervals).toEqual([70])
      expect(published).toHaveLength(1)
      keepAlive.stop()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  test('behavior: a device back from long offline sends at most 500 refreshes per check', async () => {
    const { keepAlive, set, published } = setup({ retention: exact({ checkEveryMs: 50 }) })
    for (let n = 0; n < 501; n++) set(`topic-${n}`, idAt(T0 - 10_000 + n))
    keepAlive.start()
    expect(published.map((items) => items.length)).toEqual([500])
    await vi.advanceTimersByTimeAsync(50)
    expect(published.map((items) => items.length)).toEqual([500, 1])
    keepAlive.stop()
  })
})

describe('createKeepAlive: what a restart keeps', () => {
  test('behavior: the copy times persisted are the ones a restart starts from', () => {
    const first = setup()
    first.set('t', idAt(T0 - 5000))
    first.set('i', idAt(T0 - 5000), 'inviteKeys')
    first.keepAlive.observe([{ store: 'threads', key: 't', id: idAt(T0 - 5000), at: T0 - 100 }])
    first.keepAlive.observe([{ store: 'inviteKeys', key: 'i', id: idAt(T0 - 5000), at: T0 - 200 }])
    const text = first.keepAlive.serialize()
    expect(JSON.parse(text)).toEqual({ threads: { t: T0 - 100 }, inviteKeys: { i: T0 - 200 } })
    const again = setup({ persisted: text })
    expect(again.keepAlive.copyAt('threads', 't')).toBe(T0 - 100)
    expect(again.keepAlive.copyAt('inviteKeys', 'i')).toBe(T0 - 200)
    again.set('t', idAt(T0 - 5000))
    expect(again.keepAlive.due(T0 + 899, 10)).toEqual([])
    expect(again.keepAlive.nextDue).toBe(T0 + 900)
  })

  test('behavior: a persisted record that is not one is ignored, and its well-formed times kept', () => {
    for (const persisted of ['', 'not json', '[1,2]', '42', 'null']) {
      const { keepAlive } = setup({ persisted })
      expect(keepAlive.serialize()).toBe('{}')
    }
    // JSON text as storage may hold it: 1e400 parses to Infinity.
    const mixed =
      '{"threads":{"good":5,"text":"5","infinite":1e400,"nan":null},"sentInvites":[3],' +
      '"unknownStore":{"x":1},"inviteKeys":"no"}'
    const { keepAlive } = setup({ persisted: mixed })
    expect(JSON.parse(keepAlive.serialize())).toEqual({ threads: { good: 5 } })
    expect(keepAlive.copyAt('threads', 'good')).toBe(5)
  })
})
