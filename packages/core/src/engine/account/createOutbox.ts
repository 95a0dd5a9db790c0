import { backoffDelay } from '../backoff.js'
import { type OutboxItem, sameChange } from '../changes/outboxItem.js'
import { ENGINE_LIMITS } from '../limits.js'

export type Outbox = {
  /**
   * Queues a write; the promise settles once the relay accepted it (see `cancel`). A change already queued
   * (the same store, method, id and key: another tab's, say) is not queued twice.
   */
  push(item: OutboxItem): Promise<void>
  /** Undelivered writes, oldest first (what is persisted). */
  items(): OutboxItem[]
  /** What is waiting now, for inspection: each item and whether a request carries it; failed attempts in a row. */
  describe(): { items: { item: OutboxItem; sending: boolean }[]; failures: number; retrying: boolean }
  /**
   * Sends again now: clears the backoff and re-sends writes whose publish is still pending (after a
   * reconnect those usually hang on the old connection; a duplicate is harmless).
   */
  kick(): void
  /** Stops sending; pending `push` promises reject with `reason()`. */
  cancel(reason: () => Error): void
}

type Entry = {
  item: OutboxItem
  /**
   * The request carrying the item now, if any; a settle of an older request only counts when it is a
   * success.
   */
  request?: object | undefined
  resolve?: () => void
  reject?: (error: Error) => void
  /** Settles with the delivery (for a change pushed again while queued). */
  delivered?: Promise<void>
}

/**
 * The ordered queue of writes waiting for the relay. Writes go out in order; a write made while no
 * request is in flight is sent at once on its own, and writes that queue up behind requests in flight go
 * out together (`send` gets up to `batchSize` of them, in order), at most `maxRequests` requests at a
 * time. When a request fails, sending pauses and restarts from the oldest undelivered write after a
 * backoff (or on `kick`). Delivery order on the relay does not decide the result (last writer wins per
 * key); the order keeps retries fair.
 */
export function createOutbox({
  initial,
  send,
  maxRequests = ENGINE_LIMITS.publishRequests,
  batchSize = ENGINE_LIMITS.publishBatchSize,
  retryBaseMs,
  retryMaxMs,
  onDelivered,
  onFailure,
}: {
  initial: readonly OutboxItem[]
  send: (items: readonly OutboxItem[]) => Promise<void>
  /** Default `ENGINE_LIMITS.publishRequests`. */
  maxRequests?: number
  /** Default `ENGINE_LIMITS.publishBatchSize`. */
  batchSize?: number
  /** Backoff; default `ENGINE_LIMITS.retryBaseMs` and `retryMaxMs`. */
  retryBaseMs?: number
  retryMaxMs?: number
  /** The relay accepted these items. */
  onDelivered: (items: readonly OutboxItem[]) => void
  onFailure: (error: unknown) => void
}): Outbox {
  let queue: Entry[] = []
  /** The queued entries by change id (almost always one each), to find a change queued already. */
  const byId = new Map<number, Entry[]>()
  const queued = (item: OutboxItem) => byId.get(item.id)?.find((entry) => sameChange(entry.item, item))
  function enqueue(entry: Entry) {
    const entries = byId.get(entry.item.id)
    if (entries) entries.push(entry)
    else byId.set(entry.item.id, [entry])
    queue.push(entry)
  }
  function forget(entry: Entry) {
    const entries = byId.get(entry.item.id)
    const rest = entries?.filter((other) => other !== entry)
    if (rest?.length) byId.set(entry.item.id, rest)
    else byId.delete(entry.item.id)
  }
  for (const item of initial) if (!queued(item)) enqueue({ item })
  /** Requests in flight; `kick` forgets them, so they no longer count against `maxRequests`. */
  const requests = new Set<object>()
  let failures = 0
  /** Set while sending is paused after a failure. */
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  /** Set by `cancel`: sending stopped, and what pending and later writes reject with. */
  let cancelled: (() => Error) | undefined

  function start(batch: Entry[]) {
    const request = {}
    for (const entry of batch) entry.request = request
    requests.add(request)
    // A synchronous throw of `send` rejects `sent` like a failed request.
    const sent = new Promise<void>((resolve) => resolve(send(batch.map((entry) => entry.item))))
    sent.then(
      () => {
        requests.delete(request)
        if (cancelled) return
        const delivered = new Set(batch)
        const before = queue.length
        queue = queue.filter((entry) => !delivered.has(entry))
        for (const entry of batch) {
          forget(entry)
          // Delivered: a newer request that carries it too (after a kick) no longer counts when it fails.
          entry.request = undefined
        }
        if (queue.length !== before) {
          failures = 0
          for (const entry of batch) entry.resolve?.()
          onDelivered(batch.map((entry) => entry.item))
        }
        pump()
      },
      (error: unknown) => {
        requests.delete(request)
        if (cancelled) return
        let current = false
        for (const entry of batch) {
          if (entry.request === request) {
            entry.request = undefined
            current = true
          }
        }
        if (!current) return
        onFailure(error)
        pause()
      },
    )
  }

  function clearRetry() {
    clearTimeout(retryTimer)
    retryTimer = undefined
  }

  function pause() {
    if (retryTimer) return
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined
        pump()
      },
      backoffDelay(failures++, retryBaseMs, retryMaxMs),
    )
  }

  function pump() {
    if (cancelled || retryTimer) return
    let index = 0
    while (requests.size < maxRequests) {
      const batch: Entry[] = []
      for (; index < queue.length && batch.length < batchSize; index++) {
        const entry = queue[index] as Entry
        if (!entry.request) batch.push(entry)
      }
      if (batch.length === 0) return
      start(batch)
    }
  }

  /** The promise of `entry`'s delivery (made on first ask). */
  function settled(entry: Entry): Promise<void> {
    if (!entry.delivered) {
      entry.delivered = new Promise<void>((resolve, reject) => {
        entry.resolve = resolve
        entry.reject = reject
      })
      // Callers often ignore `delivered`; a rejection must never surface as unhandled.
      entry.delivered.catch(() => {})
    }
    return entry.delivered
  }

  // Writes restored from storage go out as soon as the caller has finished setting up.
  if (queue.length > 0) queueMicrotask(pump)

  return {
    push(item) {
      const existing = queued(item)
      if (existing) return settled(existing)
      const entry: Entry = { item }
      const delivered = settled(entry)
      if (cancelled) {
        entry.reject?.(cancelled())
      } else {
        enqueue(entry)
        pump()
      }
      return delivered
    },
    describe() {
      return {
        items: queue.map((entry) => ({ item: entry.item, sending: entry.request !== undefined })),
        failures,
        retrying: retryTimer !== undefined,
      }
    },
    items() {
      return queue.map((entry) => entry.item)
    },
    kick() {
      if (cancelled) return
      clearRetry()
      failures = 0
      requests.clear()
      for (const entry of queue) entry.request = undefined
      pump()
    },
    cancel(reason) {
      cancelled = reason
      clearRetry()
      for (const entry of queue) entry.reject?.(reason())
    },
  }
}
