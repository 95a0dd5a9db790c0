export type Persister = {
  /** Marks the state dirty; a write follows within the delay. Cheap enough to call on every change. */
  schedule(): void
  /** Writes now if dirty, waiting for a write in flight first. */
  flush(): Promise<void>
  /** Stops: pending writes are dropped. */
  cancel(): void
}

/**
 * Coalesces write-through persistence: at most one write in flight, and at most one write per delay,
 * which grows to five times the last write's duration when writes are slow (a large state on a slow
 * storage), so persistence takes at most about a sixth of the time however fast changes come. Each write
 * takes the state as it is when it starts.
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
  let inflight: Promise<void> | undefined
  let lastDuration = 0

  const runLater = () => {
    timer = setTimeout(run, Math.max(delayMs, 5 * lastDuration))
  }
  const clearTimer = () => {
    clearTimeout(timer)
    timer = undefined
  }

  function run(): Promise<void> {
    timer = undefined
    if (!dirty || stopped) return Promise.resolve()
    dirty = false
    const started = Date.now()
    // `write` starts synchronously (a page being hidden may not wait), and may throw.
    inflight = new Promise<void>((resolve) => resolve(write())).catch(onError).finally(() => {
      lastDuration = Date.now() - started
      inflight = undefined
      if (dirty && !stopped && !timer) runLater()
    })
    return inflight
  }

  return {
    schedule() {
      if (stopped) return
      dirty = true
      if (!timer && !inflight) runLater()
    },
    async flush() {
      clearTimer()
      // Only awaited when there is one: without, the write below starts synchronously (page hide).
      if (inflight) await inflight
      // The write in flight may have scheduled the next one.
      clearTimer()
      if (dirty) await run()
    },
    cancel() {
      stopped = true
      clearTimer()
    },
  }
}
