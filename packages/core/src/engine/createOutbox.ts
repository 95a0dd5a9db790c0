import { DeliveryCancelledError } from './errors.js'
import type { OutboxItem } from './persistedAccount.js'
import { backoffDelay } from './timing.js'

export type Outbox = {
  /** Queues a write; the promise settles once the relay accepted it (see `cancel`). */
  push(item: OutboxItem): Promise<void>
  /** Undelivered writes, oldest first (what is persisted). */
  items(): OutboxItem[]
  readonly size: number
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
  /** Attempts started; a settle from an older attempt only counts when it is a success. */
  attempt: number
  inflight: boolean
  resolve?: () => void
  reject?: (error: Error) => void
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
  maxRequests,
  batchSize,
  retryBaseMs,
  retryMaxMs,
  onChange,
  onFailure,
}: {
  initial: readonly OutboxItem[]
  send: (items: readonly OutboxItem[]) => Promise<void>
  maxRequests: number
  batchSize: number
  retryBaseMs: number
  retryMaxMs: number
  /** The queue changed (an item was added or delivered): persist it. */
  onChange: () => void
  onFailure: (error: unknown) => void
}): Outbox {
  let queue: Entry[] = initial.map((item) => ({ item, attempt: 0, inflight: false }))
  let requests = 0
  /** Bumped by `kick`: requests of an older generation no longer count against `maxRequests`. */
  let generation = 0
  let failures = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let paused = false
  let stopped = false
  let cancelReason: (() => Error) | undefined

  function start(batch: Entry[]) {
    const started = batch.map((entry) => {
      entry.inflight = true
      entry.attempt += 1
      return entry.attempt
    })
    const requestGeneration = generation
    requests += 1
    const finish = () => {
      if (requestGeneration === generation) requests -= 1
    }
    let sent: Promise<void>
    try {
      sent = send(batch.map((entry) => entry.item))
    } catch (error) {
      sent = Promise.reject(error)
    }
    sent.then(
      () => {
        finish()
        if (stopped) return
        const delivered = new Set(batch)
        const before = queue.length
        queue = queue.filter((entry) => !delivered.has(entry))
        if (queue.length !== before) {
          failures = 0
          for (const entry of batch) entry.resolve?.()
          onChange()
        }
        pump()
      },
      (error: unknown) => {
        finish()
        if (stopped) return
        let current = false
        batch.forEach((entry, index) => {
          if (entry.attempt === started[index] && entry.inflight) {
            entry.inflight = false
            current = true
          }
        })
        if (!current) return
        onFailure(error)
        pause()
      },
    )
  }

  function pause() {
    if (paused) return
    paused = true
    const delay = backoffDelay(failures, retryBaseMs, retryMaxMs)
    failures += 1
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      paused = false
      pump()
    }, delay)
  }

  function pump() {
    if (stopped || paused) return
    let index = 0
    while (requests < maxRequests) {
      const batch: Entry[] = []
      for (; index < queue.length && batch.length < batchSize; index++) {
        const entry = queue[index] as Entry
        if (!entry.inflight) batch.push(entry)
      }
      if (batch.length === 0) return
      start(batch)
    }
  }

  // Writes restored from storage go out as soon as the caller has finished setting up.
  if (queue.length > 0) queueMicrotask(pump)

  return {
    push(item) {
      const entry: Entry = { item, attempt: 0, inflight: false }
      const delivered = new Promise<void>((resolve, reject) => {
        entry.resolve = resolve
        entry.reject = reject
      })
      // Callers often ignore `delivered`; a rejection must never surface as unhandled.
      delivered.catch(() => {})
      if (stopped) {
        entry.reject?.(cancelReason ? cancelReason() : new DeliveryCancelledError({ reason: 'destroyed' }))
        return delivered
      }
      queue.push(entry)
      onChange()
      pump()
      return delivered
    },
    items() {
      return queue.map((entry) => entry.item)
    },
    get size() {
      return queue.length
    },
    kick() {
      if (stopped) return
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = undefined
      paused = false
      failures = 0
      generation += 1
      requests = 0
      for (const entry of queue) entry.inflight = false
      pump()
    },
    cancel(reason) {
      stopped = true
      cancelReason = reason
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = undefined
      for (const entry of queue) entry.reject?.(reason())
    },
  }
}
