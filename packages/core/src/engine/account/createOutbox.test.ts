import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { DeliveryCancelledError } from '../../errors/engine.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { createOutbox } from './createOutbox.js'

const item = (n: number): OutboxItem => ({
  store: 'threads',
  method: 'wc_syncDel',
  id: 1000 + n,
  key: `k${n}`,
})

type Call = { items: number[]; resolve: () => void; reject: (error: Error) => void }

function setup(options: { initial?: OutboxItem[]; maxRequests?: number; batchSize?: number } = {}) {
  const calls: Call[] = []
  const failures: unknown[] = []
  let changes = 0
  const outbox = createOutbox({
    initial: options.initial ?? [],
    maxRequests: options.maxRequests ?? 2,
    batchSize: options.batchSize ?? 3,
    retryBaseMs: 100,
    retryMaxMs: 1000,
    onDelivered: () => {
      changes += 1
    },
    onFailure: (error) => failures.push(error),
    send: (items) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ items: items.map((i) => i.id - 1000), resolve, reject })
      }),
  })
  return { outbox, calls, failures, changes: () => changes }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createOutbox', () => {
  test('default: a write made while nothing is in flight goes out alone, at once', async () => {
    const { outbox, calls } = setup()
    const delivered = outbox.push(item(1))
    expect(calls.map((c) => c.items)).toEqual([[1]])
    calls[0]?.resolve()
    await expect(delivered).resolves.toBeUndefined()
    expect(outbox.items()).toEqual([])
  })

  test('behavior: writes queued behind requests in flight go out in order, batched', async () => {
    const { outbox, calls } = setup({ maxRequests: 2, batchSize: 3 })
    const delivered = [1, 2, 3, 4, 5, 6, 7].map((n) => outbox.push(item(n)))
    expect(calls.map((c) => c.items)).toEqual([[1], [2]])
    calls[0]?.resolve()
    await delivered[0]
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3, 4, 5]])
    calls[1]?.resolve()
    calls[2]?.resolve()
    await Promise.all(delivered.slice(0, 5))
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3, 4, 5], [6, 7]])
    expect(outbox.items().map((i) => i.id - 1000)).toEqual([6, 7])
  })

  test('behavior: a failure pauses, then retries from the oldest undelivered write after a backoff', async () => {
    const { outbox, calls, failures } = setup({ maxRequests: 1 })
    const first = outbox.push(item(1))
    const second = outbox.push(item(2))
    calls[0]?.reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(0)
    expect(failures).toHaveLength(1)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls.map((c) => c.items)).toEqual([[1], [1, 2]])
    calls[1]?.resolve()
    await Promise.all([first, second])
    expect(outbox.items()).toEqual([])
  })

  test('behavior: kick resends what is in flight; a late success of the old attempt still counts', async () => {
    const { outbox, calls, failures } = setup({ maxRequests: 1 })
    const delivered = outbox.push(item(1))
    outbox.kick()
    expect(calls.map((c) => c.items)).toEqual([[1], [1]])
    calls[0]?.resolve()
    await delivered
    expect(outbox.items()).toEqual([])
    // The newer attempt failing afterwards changes nothing: no failure reported, no backoff.
    calls[1]?.reject(new Error('late'))
    await vi.advanceTimersByTimeAsync(0)
    expect(failures).toEqual([])
    expect(outbox.describe()).toEqual({ items: [], failures: 0, retrying: false })
    // A write made now goes out at once.
    outbox.push(item(2))
    expect(calls.map((c) => c.items)).toEqual([[1], [1], [2]])
  })

  test('behavior: writes restored from storage go out at once, before new ones', async () => {
    const { outbox, calls } = setup({ initial: [item(1), item(2)], maxRequests: 1 })
    outbox.push(item(3))
    await Promise.resolve()
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]])
  })

  test('behavior: cancel rejects pending writes (unobserved ones silently) and later pushes', async () => {
    const { outbox } = setup()
    const observed = outbox.push(item(1))
    outbox.push(item(2))
    outbox.cancel(() => new DeliveryCancelledError({ reason: 'unregistered' }))
    await expect(observed).rejects.toThrow(DeliveryCancelledError)
    await expect(outbox.push(item(3))).rejects.toMatchObject({ name: 'DeliveryCancelledError' })
    // The queue is kept (it is persisted for the next start).
    expect(outbox.items().map((i) => i.id - 1000)).toEqual([1, 2])
  })
})

describe('createOutbox: one change once', () => {
  test('behavior: a change pushed again while queued (another tab took it over) is sent once and shares its delivery', async () => {
    const { outbox, calls } = setup({ initial: [item(1)] })
    await vi.advanceTimersByTimeAsync(0)
    const again = outbox.push(item(1))
    const other = outbox.push(item(2))
    expect(outbox.items().map((i) => i.id - 1000)).toEqual([1, 2])
    calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(0)
    await expect(again).resolves.toBeUndefined()
    calls[1]?.resolve()
    await expect(other).resolves.toBeUndefined()
    expect(calls.map((call) => call.items)).toEqual([[1], [2]])
  })
})
