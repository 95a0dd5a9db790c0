import { backoffDelay } from '../backoff.js'

export type Persister = {
  /**
   * Marks the state dirty; a write follows on the next turn after a quiet period, else within the delay.
   * Cheap enough to call on every change.
   */
  schedule(): void
  /**
   * Writes now if dirty, waiting for a write in flight first. Resolves `true` when everything scheduled
   * so far is in storage, `false` when a write failed (it is retried later).
   */
  flush(): Promise<boolean>
  /** Settles once everything scheduled so far is in storage (a failed write is retried until it is). */
  saved(): Promise<void>
  /**
   * Stops: pending writes are dropped (`saved` promises stay pending). Settles once a write in flight, if
   * any, is done: nothing of this persister reaches storage after that.
   */
  cancel(): Promise<void>
  /** Whether a change has not reached storage yet (not written, or its write still in flight). */
  readonly pending: boolean
}

/**
 * Coalesces write-through persistence: at most one write in flight, and at most one write per delay,
 * which grows to five times the last write's duration when writes are slow (a large state on a slow
 * storage), so persistence takes at most about a sixth of the time however fast changes come. Each write
 * takes the state as it is when it starts. A failed write is reported and retried with backoff.
 *
 * A change after a quiet period is written on the next turn of the event loop, not after the delay: the
 * relay counts a message as delivered once the core received it, and a page reloaded moments later
 * cannot count on a write it starts while unloading (IndexedDB does not finish it).
 */
export function createPersister({
  write,
  delayMs,
  onError,
}: {
  write: () => Promise<void>
  delayMs: number
  onError: (error: unknown) => void
}): Persister {
  let dirty = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let inflight: Promise<boolean> | undefined
  let lastDuration = 0
  let lastEnded = Number.NEGATIVE_INFINITY
  let failures = 0
  /**
   * Writes are numbered as they start; a change is in storage once a write that started after it (the
   * next one to start: `started + 1`, or a later one if that fails) has succeeded. `stored` is the number
   * of the last successful write; one promise per number serves every change it covers.
   */
  let started = 0
  let stored = 0
  const waiters = new Map<number, { promise: Promise<void>; resolve: () => void }>()

  const wait = () => (failures > 0 ? backoffDelay(failures - 1) : Math.max(delayMs, 5 * lastDuration))
  const runLater = () => {
    timer = setTimeout(run, wait())
  }
  const clearTimer = () => {
    clearTimeout(timer)
    timer = undefined
  }

  function settleWaiters() {
    for (const [number, waiter] of waiters) {
      if (number > stored) continue
      waiters.delete(number)
      waiter.resolve()
    }
  }

  function run(): Promise<boolean> {
    timer = undefined
    if (!dirty || stopped) return Promise.resolve(!dirty)
    dirty = false
    const startedAt = Date.now()
    const number = ++started
    // `write` starts synchronously (a page being hidden may not wait), and may throw.
    const attempt = new Promise<void>((resolve) => resolve(write())).then(
      () => {
        failures = 0
        stored = number
        settleWaiters()
        return true
      },
      (error: unknown) => {
        onError(error)
        // Written again (with whatever changed meanwhile) after a backoff.
        failures++
        dirty = true
        return false
      },
    )
    inflight = attempt.finally(() => {
      lastEnded = Date.now()
      lastDuration = lastEnded - startedAt
      inflight = undefined
      if (dirty && !stopped && !timer) runLater()
    })
    return inflight
  }

  return {
    schedule() {
      if (stopped) return
      dirty = true
      if (timer || inflight) return
      // Changes made in the same turn still make one write.
      if (Date.now() - lastEnded >= wait()) timer = setTimeout(run, 0)
      else runLater()
    },
    async flush() {
      clearTimer()
      // Only awaited when there is one: without, the write below starts synchronously (page hide). Another
      // flush waiting for the same write may have started the next one as it ended: that one too.
      while (inflight) await inflight
      // The write in flight may have scheduled the next one.
      clearTimer()
      if (dirty) return run()
      // Nothing in flight and clean: the last write succeeded (a failed one leaves the state dirty).
      return true
    },
    saved() {
      if (!dirty && stored === started) return Promise.resolve()
      // Dirty: the next write to start covers it. Clean with a write in flight: that write (or a retry).
      const number = dirty ? started + 1 : started
      let waiter = waiters.get(number)
      if (!waiter) {
        let resolve!: () => void
        const promise = new Promise<void>((settle) => {
          resolve = settle
        })
        waiter = { promise, resolve }
        waiters.set(number, waiter)
      }
      return waiter.promise
    },
    async cancel() {
      stopped = true
      clearTimer()
      await inflight
    },
    get pending() {
      return dirty || inflight !== undefined
    },
  }
}
