import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createPersister } from './createPersister.js'

/*
 * The persister's retries and its stop, pinned by timing and by what reaches storage: a failed write is
 * written again with the state as it is then, the backoff starts over after a success, and a cancel
 * settles only once the write in flight is done.
 */

beforeEach(() => {
  vi.useFakeTimers()
  // The backoff's jitter at its top: each delay is exactly its ceiling (500 ms, doubling).
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999_9)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

function setup() {
  let state = 0
  let failing = 0
  let hold: Promise<void> | undefined
  const writes: number[] = []
  const errors: unknown[] = []
  const persister = createPersister({
    delayMs: 100,
    onError: (error) => errors.push(error),
    write: async () => {
      const value = state
      if (hold) await hold
      if (failing > 0) {
        failing--
        throw new Error('disk full')
      }
      writes.push(value)
    },
  })
  return {
    persister,
    writes,
    errors,
    change(value: number) {
      state = value
      persister.schedule()
    },
    fail(times: number) {
      failing = times
    },
    /** Writes wait until the returned release is called. */
    holdWrites() {
      let release!: () => void
      hold = new Promise<void>((resolve) => {
        release = () => {
          hold = undefined
          resolve()
        }
      })
      return release
    },
  }
}

/** Whether `promise` has settled once pending callbacks have run. */
async function hasSettled(promise: Promise<unknown>) {
  let done = false
  void promise.then(() => {
    done = true
  })
  await vi.advanceTimersByTimeAsync(0)
  return done
}

describe('createPersister: retries', () => {
  test('behavior: failed writes are retried after a growing backoff, with the state as it is then', async () => {
    const ctx = setup()
    ctx.fail(2)
    ctx.change(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.errors).toHaveLength(1)
    ctx.change(2)
    await vi.advanceTimersByTimeAsync(499)
    expect(ctx.errors).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(ctx.errors).toHaveLength(2)
    ctx.change(3)
    await vi.advanceTimersByTimeAsync(999)
    expect(ctx.writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(ctx.writes).toEqual([3])
    expect(ctx.persister.pending).toBe(false)
  })

  test('behavior: a success starts the backoff over', async () => {
    const ctx = setup()
    ctx.fail(2)
    ctx.change(1)
    await vi.advanceTimersByTimeAsync(1500)
    expect([ctx.errors.length, ctx.writes]).toEqual([2, [1]])
    // Quiet, then a change whose write fails: the retry waits the first backoff again, not the third.
    await vi.advanceTimersByTimeAsync(1000)
    ctx.fail(1)
    ctx.change(2)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.errors).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(499)
    expect(ctx.writes).toEqual([1])
    await vi.advanceTimersByTimeAsync(1)
    expect(ctx.writes).toEqual([1, 2])
    // And after that success, the next change is written at once again, not after a backoff.
    await vi.advanceTimersByTimeAsync(1000)
    ctx.change(3)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.writes).toEqual([1, 2, 3])
  })

  test('behavior: a write that throws synchronously is reported and retried like a failed one', async () => {
    const errors: unknown[] = []
    let attempts = 0
    const persister = createPersister({
      delayMs: 100,
      onError: (error) => errors.push(error),
      write: () => {
        attempts++
        if (attempts === 1) throw new Error('no storage')
        return Promise.resolve()
      },
    })
    persister.schedule()
    const saved = persister.saved()
    await vi.advanceTimersByTimeAsync(0)
    expect(errors).toEqual([new Error('no storage')])
    expect(persister.pending).toBe(true)
    await vi.advanceTimersByTimeAsync(500)
    await expect(saved).resolves.toBeUndefined()
    expect(attempts).toBe(2)
  })

  test('behavior: flush reports a failed write, waits for one in flight, then writes what changed since', async () => {
    const ctx = setup()
    ctx.fail(1)
    ctx.change(1)
    expect(await ctx.persister.flush()).toBe(false)
    expect(ctx.persister.pending).toBe(true)
    const release = ctx.holdWrites()
    const flushed = ctx.persister.flush()
    await vi.advanceTimersByTimeAsync(0)
    ctx.change(2)
    const again = ctx.persister.flush()
    expect(await hasSettled(again)).toBe(false)
    release()
    expect(await flushed).toBe(true)
    expect(await again).toBe(true)
    expect(ctx.writes).toEqual([1, 2])
    // Nothing was left for a timer to write again.
    await vi.advanceTimersByTimeAsync(5000)
    expect(ctx.writes).toEqual([1, 2])
  })

  test('behavior: saved() settles at once when everything is written, and waits through failed writes otherwise', async () => {
    const ctx = setup()
    await expect(ctx.persister.saved()).resolves.toBeUndefined()
    ctx.fail(1)
    ctx.change(1)
    const saved = ctx.persister.saved()
    // Two callers of the same change share one wait.
    expect(ctx.persister.saved()).toBe(saved)
    await vi.advanceTimersByTimeAsync(0)
    expect(await hasSettled(saved)).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    await expect(saved).resolves.toBeUndefined()
    await expect(ctx.persister.saved()).resolves.toBeUndefined()
  })
})

describe('createPersister: cancel', () => {
  test('behavior: cancel settles only once the write in flight is done, and nothing is written after it', async () => {
    const ctx = setup()
    const release = ctx.holdWrites()
    ctx.change(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.persister.pending).toBe(true)
    ctx.change(2)
    const cancelled = ctx.persister.cancel()
    expect(await hasSettled(cancelled)).toBe(false)
    release()
    await cancelled
    expect(ctx.writes).toEqual([1])
    ctx.change(3)
    await vi.advanceTimersByTimeAsync(5000)
    expect(ctx.writes).toEqual([1])
    // A flush after the stop writes nothing either: what changed since is not saved.
    expect(await ctx.persister.flush()).toBe(false)
    expect(ctx.writes).toEqual([1])
  })

  test('behavior: a failed write in flight at cancel is not retried', async () => {
    const ctx = setup()
    const release = ctx.holdWrites()
    ctx.fail(1)
    ctx.change(1)
    await vi.advanceTimersByTimeAsync(0)
    const cancelled = ctx.persister.cancel()
    release()
    await cancelled
    await vi.advanceTimersByTimeAsync(60_000)
    expect(ctx.errors).toHaveLength(1)
    expect(ctx.writes).toEqual([])
  })

  test('behavior: with nothing in flight, cancel settles at once and drops what is scheduled', async () => {
    const ctx = setup()
    ctx.change(1)
    await expect(ctx.persister.cancel()).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(1000)
    expect(ctx.writes).toEqual([])
  })
})

describe('createPersister: one write at a time', () => {
  test('behavior: flush starts its write synchronously when none is in flight (a page being hidden may not wait)', () => {
    const ctx = setup()
    ctx.change(1)
    void ctx.persister.flush()
    expect(ctx.writes).toEqual([1])
  })

  test('behavior: a flush during a write waits for it: never two writes at once', async () => {
    let running = 0
    let most = 0
    let release: (() => void) | undefined
    const persister = createPersister({
      delayMs: 100,
      onError: () => {},
      write: async () => {
        running++
        most = Math.max(most, running)
        await new Promise<void>((resolve) => {
          release = resolve
        })
        running--
      },
    })
    persister.schedule()
    await vi.advanceTimersByTimeAsync(0)
    persister.schedule()
    const flushed = persister.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(most).toBe(1)
    release?.()
    await vi.advanceTimersByTimeAsync(0)
    release?.()
    expect(await flushed).toBe(true)
    expect(most).toBe(1)
  })

  test('behavior: a flush started synchronously leaves no timer behind to start a second write while it runs', async () => {
    let running = 0
    let most = 0
    const releases: (() => void)[] = []
    const persister = createPersister({
      delayMs: 100,
      onError: () => {},
      write: async () => {
        running++
        most = Math.max(most, running)
        await new Promise<void>((resolve) => releases.push(resolve))
        running--
      },
    })
    // After a quiet period the change is due on the next turn; the flush writes it at once instead.
    persister.schedule()
    const flushed = persister.flush()
    persister.schedule()
    await vi.advanceTimersByTimeAsync(0)
    expect([most, releases.length]).toEqual([1, 1])
    releases.shift()?.()
    expect(await flushed).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    releases.shift()?.()
    await vi.advanceTimersByTimeAsync(0)
    expect(most).toBe(1)
    expect(persister.pending).toBe(false)
  })

  test('behavior: two flushes waiting for the same write both wait for the write that follows it, and both report it', async () => {
    const ctx = setup()
    const release = ctx.holdWrites()
    ctx.change(1)
    await vi.advanceTimersByTimeAsync(0)
    ctx.change(2)
    const first = ctx.persister.flush()
    const second = ctx.persister.flush()
    release()
    // The first to resume writes 2; the second waits for that write rather than reporting a failure.
    const releaseSecond = ctx.holdWrites()
    expect(await hasSettled(second)).toBe(false)
    releaseSecond()
    const results = await Promise.all([first, second])
    expect(ctx.writes).toEqual([1, 2])
    expect(results).toEqual([true, true])
  })

  test('behavior: saved() during a write in flight settles only once that write is done', async () => {
    const ctx = setup()
    const release = ctx.holdWrites()
    ctx.change(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.persister.pending).toBe(true)
    const saved = ctx.persister.saved()
    expect(await hasSettled(saved)).toBe(false)
    release()
    await vi.advanceTimersByTimeAsync(0)
    expect(await hasSettled(saved)).toBe(true)
    expect(ctx.writes).toEqual([1])
  })
})
