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

  const delay = () => Math.max(delayMs, 5 * lastDuration)

  function run(): Promise<void> {
    timer = undefined
    if (!dirty || stopped) return Promise.resolve()
    dirty = false
    const started = Date.now()
    const current = (async () => {
      try {
        await write()
      } catch (error) {
        onError(error)
      }
    })().finally(() => {
      lastDuration = Date.now() - started
      inflight = undefined
      if (dirty && !stopped && !timer) timer = setTimeout(run, delay())
    })
    inflight = current
    return current
  }

  return {
    schedule() {
      if (stopped) return
      dirty = true
      if (!timer && !inflight) timer = setTimeout(run, delay())
    },
    async flush() {
      if (timer) {
        clearTimeout(timer)
        timer = undefined
      }
      if (inflight) await inflight
      if (timer) {
        clearTimeout(timer)
        timer = undefined
      }
      if (dirty) await run()
    },
    cancel() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = undefined
    },
  }
}
