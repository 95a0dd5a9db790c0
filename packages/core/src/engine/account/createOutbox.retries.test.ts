import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { DeliveryCancelledError } from '../../errors/engine.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { createOutbox } from './createOutbox.js'

/*
 * Retries, pinned by state and timing: the backoff grows with failures in a row and a success (or a kick)
 * starts it over; a cancelled outbox sends nothing more.
 */

const item = (n: number): OutboxItem => ({
  store: 'threads',
  method: 'wc_syncDel',
  id: 1000 + n,
  key: `k${n}`,
})

type Call = { items: number[]; resolve: () => void; reject: (error: Error) => void }

function setup({
  initial = [] as OutboxItem[],
  maxRequests = 1,
  batchSize = 3,
  send,
}: {
  initial?: OutboxItem[]
  maxRequests?: number
  batchSize?: number
  send?: (items: readonly OutboxItem[]) => Promise<void>
} = {}) {
  const calls: Call[] = []
  const failures: unknown[] = []
  const delivered: number[][] = []
  const outbox = createOutbox({
    initial,
    maxRequests,
    batchSize,
    retryBaseMs: 100,
    retryMaxMs: 1000,
    onDelivered: (items) => delivered.push(items.map((i) => i.id - 1000)),
    onFailure: (error) => failures.push(error),
    send:
      send ??
      ((items) =>
        new Promise<void>((resolve, reject) => {
          calls.push({ items: items.map((i) => i.id - 1000), resolve, reject })
        })),
  })
  const last = () => calls[calls.length - 1] as Call
  return { outbox, calls, failures, delivered, last }
}

/** Fails the newest request; the outbox must send again exactly `ms` later. */
async function failAndRetryAfter(ctx: ReturnType<typeof setup>, ms: number) {
  const before = ctx.calls.length
  ctx.last().reject(new Error('offline'))
  await vi.advanceTimersByTimeAsync(ms - 1)
  expect(ctx.calls.length, `no retry before ${ms} ms`).toBe(before)
  await vi.advanceTimersByTimeAsync(1)
  expect(ctx.calls.length, `a retry after ${ms} ms`).toBe(before + 1)
}

beforeEach(() => {
  vi.useFakeTimers()
  // The backoff's jitter at its top: each delay is exactly its ceiling.
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999_9)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('createOutbox: retries', () => {
  test('behavior: failures in a row back off longer, up to the maximum; describe() says so', async () => {
    const ctx = setup()
    ctx.outbox.push(item(1))
    for (const [n, ms] of [100, 200, 400, 800, 1000, 1000].entries()) {
      await failAndRetryAfter(ctx, ms)
      expect(ctx.outbox.describe()).toMatchObject({ failures: n + 1, retrying: false })
    }
    expect(ctx.failures).toHaveLength(6)
  })

  test('behavior: while backing off, describe() says retrying, new writes wait, and nothing is sent twice', async () => {
    const ctx = setup({ maxRequests: 2 })
    ctx.outbox.push(item(1))
    ctx.last().reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.outbox.describe()).toEqual({
      items: [{ item: item(1), sending: false }],
      failures: 1,
      retrying: true,
    })
    ctx.outbox.push(item(2))
    expect(ctx.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [1, 2]])
    expect(ctx.outbox.describe()).toMatchObject({ retrying: false })
  })

  test('behavior: a success starts the backoff over', async () => {
    const ctx = setup()
    const first = ctx.outbox.push(item(1))
    await failAndRetryAfter(ctx, 100)
    await failAndRetryAfter(ctx, 200)
    await failAndRetryAfter(ctx, 400)
    ctx.last().resolve()
    await first
    expect(ctx.outbox.describe()).toEqual({ items: [], failures: 0, retrying: false })
    expect(ctx.delivered).toEqual([[1]])
    ctx.outbox.push(item(2))
    await failAndRetryAfter(ctx, 100)
  })

  test('behavior: kick starts the backoff over and sends at once', async () => {
    const ctx = setup()
    ctx.outbox.push(item(1))
    await failAndRetryAfter(ctx, 100)
    ctx.last().reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.outbox.describe()).toMatchObject({ failures: 2, retrying: true })
    ctx.outbox.kick()
    expect(ctx.calls).toHaveLength(3)
    expect(ctx.outbox.describe()).toMatchObject({ failures: 0, retrying: false })
    await failAndRetryAfter(ctx, 100)
    // The backoff's timer was cleared: only the kick's retry went out.
    expect(ctx.calls).toHaveLength(4)
  })

  test('behavior: send throwing synchronously fails like a rejected request', async () => {
    let attempts = 0
    const ctx = setup({
      send: () => {
        attempts++
        if (attempts === 1) throw new Error('socket closed')
        return Promise.resolve()
      },
    })
    const delivered = ctx.outbox.push(item(1))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.failures).toEqual([new Error('socket closed')])
    await vi.advanceTimersByTimeAsync(100)
    await expect(delivered).resolves.toBeUndefined()
    expect(attempts).toBe(2)
    expect(ctx.delivered).toEqual([[1]])
  })

  test('behavior: a late failure of a request the kick replaced changes nothing while the newer one is out', async () => {
    const ctx = setup()
    ctx.outbox.push(item(1))
    ctx.outbox.kick()
    ctx.calls[0]?.reject(new Error('old connection'))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.failures).toEqual([])
    expect(ctx.outbox.describe()).toEqual({
      items: [{ item: item(1), sending: true }],
      failures: 0,
      retrying: false,
    })
  })

  test('behavior: a late success of a request only counts what it delivers; a success of nothing new is silent', async () => {
    const ctx = setup({ maxRequests: 2 })
    const first = ctx.outbox.push(item(1))
    ctx.outbox.kick()
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [1]])
    ctx.calls[1]?.resolve()
    await first
    ctx.calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.delivered).toEqual([[1]])
  })
})

describe('createOutbox: limits', () => {
  test('behavior: at most maxRequests requests at a time, at most batchSize writes each', async () => {
    const ctx = setup({ maxRequests: 2, batchSize: 2 })
    ctx.outbox.push(item(1))
    ctx.outbox.push(item(2))
    for (const n of [3, 4, 5, 6, 7]) ctx.outbox.push(item(n))
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [2]])
    expect(ctx.outbox.describe().items.map((entry) => entry.sending)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ])
    ctx.calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [2], [3, 4]])
    ctx.calls[1]?.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [2], [3, 4], [5, 6]])
    expect(ctx.delivered).toEqual([[1], [2]])
  })

  test('behavior: a change restored twice is queued once', async () => {
    const ctx = setup({ initial: [item(1), item(1), item(2)] })
    expect(ctx.outbox.items()).toEqual([item(1), item(2)])
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.calls.map((call) => call.items)).toEqual([[1, 2]])
  })

  test('behavior: the same id on another key, store or method is another change', async () => {
    const ctx = setup({ maxRequests: 4 })
    const base = item(1)
    const others: OutboxItem[] = [
      { ...base, key: 'other' },
      { ...base, store: 'inviteKeys' },
      { store: base.store, method: 'wc_syncSet', id: base.id, key: base.key, value: '{}' },
    ]
    for (const change of [base, ...others]) ctx.outbox.push(change)
    expect(ctx.outbox.items()).toEqual([base, ...others])
    // Delivering one leaves the others queued, still findable.
    ctx.calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.outbox.items()).toEqual(others)
    const again = ctx.outbox.push({ ...base, key: 'other' })
    ctx.calls[1]?.resolve()
    await expect(again).resolves.toBeUndefined()
    expect(ctx.calls).toHaveLength(4)
  })
})

describe('createOutbox: cancel', () => {
  test('behavior: after cancel nothing is sent, delivered or retried, and the queue stays for the next start', async () => {
    const ctx = setup({ maxRequests: 2 })
    const first = ctx.outbox.push(item(1))
    const second = ctx.outbox.push(item(2))
    ctx.outbox.push(item(3))
    ctx.calls[1]?.reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.outbox.describe().retrying).toBe(true)
    ctx.outbox.cancel(() => new DeliveryCancelledError({ reason: 'destroyed' }))
    await expect(first).rejects.toThrowError(DeliveryCancelledError)
    await expect(second).rejects.toThrowError(DeliveryCancelledError)
    expect(ctx.outbox.describe().retrying).toBe(false)
    ctx.calls[0]?.resolve()
    await vi.advanceTimersByTimeAsync(5000)
    expect(ctx.calls).toHaveLength(2)
    expect(ctx.delivered).toEqual([])
    expect(ctx.failures).toHaveLength(1)
    ctx.outbox.kick()
    expect(ctx.calls).toHaveLength(2)
    expect(ctx.outbox.items()).toEqual([item(1), item(2), item(3)])
  })

  test('behavior: a request failing after cancel is not reported', async () => {
    const ctx = setup()
    ctx.outbox.push(item(1))
    ctx.outbox.cancel(() => new DeliveryCancelledError({ reason: 'unregistered' }))
    ctx.calls[0]?.reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(1000)
    expect(ctx.failures).toEqual([])
    expect(ctx.calls).toHaveLength(1)
  })
})

describe('createOutbox: one entry per change while it waits', () => {
  test('behavior: a change delivered and pushed again (a refresh of it) is sent again', async () => {
    const ctx = setup()
    const first = ctx.outbox.push(item(1))
    ctx.last().resolve()
    await first
    const again = ctx.outbox.push(item(1))
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [1]])
    ctx.last().resolve()
    await expect(again).resolves.toBeUndefined()
    expect(ctx.delivered).toEqual([[1], [1]])
  })

  test('behavior: every caller of a change pushed while it waits hears its delivery', async () => {
    const ctx = setup()
    ctx.outbox.push(item(9))
    const first = ctx.outbox.push(item(1))
    const second = ctx.outbox.push(item(1))
    let settled = 0
    for (const delivery of [first, second]) void delivery.then(() => settled++)
    ctx.last().resolve()
    await vi.advanceTimersByTimeAsync(0)
    ctx.last().resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(2)
    expect(ctx.calls.map((call) => call.items)).toEqual([[9], [1]])
  })

  test('behavior: writes restored from storage that nobody asked about are delivered, or cancelled, quietly', async () => {
    const ctx = setup({ initial: [item(1), item(2)] })
    await vi.advanceTimersByTimeAsync(0)
    ctx.last().resolve()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.delivered).toEqual([[1, 2]])
    expect(ctx.outbox.items()).toEqual([])
    const other = setup({ initial: [item(3)] })
    expect(() => other.outbox.cancel(() => new DeliveryCancelledError({ reason: 'destroyed' }))).not.toThrow()
    expect(other.outbox.items()).toEqual([item(3)])
  })

  test('behavior: requests failing together pause once, with one backoff', async () => {
    const ctx = setup({ maxRequests: 2 })
    ctx.outbox.push(item(1))
    ctx.outbox.push(item(2))
    ctx.calls[0]?.reject(new Error('offline'))
    ctx.calls[1]?.reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.failures).toHaveLength(2)
    expect(ctx.outbox.describe()).toMatchObject({ failures: 1, retrying: true })
    await vi.advanceTimersByTimeAsync(100)
    expect(ctx.calls.map((call) => call.items)).toEqual([[1], [2], [1, 2]])
    await vi.advanceTimersByTimeAsync(1000)
    expect(ctx.calls).toHaveLength(3)
  })

  test('behavior: a kick after cancel changes nothing', async () => {
    const ctx = setup()
    ctx.outbox.push(item(1))
    ctx.last().reject(new Error('offline'))
    await vi.advanceTimersByTimeAsync(0)
    ctx.outbox.cancel(() => new DeliveryCancelledError({ reason: 'destroyed' }))
    ctx.outbox.kick()
    expect(ctx.outbox.describe()).toEqual({
      items: [{ item: item(1), sending: false }],
      failures: 1,
      retrying: false,
    })
  })
})
