import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { RelayRequestError } from '../../errors/relay.js'
import { createCatchUp } from './createCatchUp.js'

/*
 * The catch-up's rules, each pinned by the operations it starts: a rebuild first after an unclean stop
 * or a read of the history that failed (once), a stop that ends everything, the backoff that grows and starts over, retries that a request or
 * a connection replaces.
 */

type Pending = { what: string; resolve: (value?: unknown) => void; reject: (error: Error) => void }

function setup({
  mayRetry = true,
  rebuildFirst = false,
  withRebuild = rebuildFirst,
}: {
  mayRetry?: boolean
  rebuildFirst?: boolean
  withRebuild?: boolean
} = {}) {
  const pending: Pending[] = []
  const errors: RelayRequestError[] = []
  const operation = (what: string) =>
    new Promise<never>((resolve, reject) => {
      pending.push({ what, resolve: resolve as Pending['resolve'], reject })
    })
  const catchUp = createCatchUp({
    account: 'eip155:1:0xabc',
    fetch: (caughtUp) => operation(caughtUp ? 'fetch ready' : 'fetch'),
    subscribe: () => operation('subscribe'),
    rebuild: withRebuild ? () => operation('rebuild') : undefined,
    rebuildFirst,
    onError: (error) => errors.push(error),
    mayRetry: () => mayRetry,
  })
  async function settle(what: string, outcome: { error?: Error; value?: unknown } = {}) {
    const next = pending.shift()
    expect(next?.what).toBe(what)
    if (outcome.error) next?.reject(outcome.error)
    else next?.resolve(outcome.value)
    await vi.advanceTimersByTimeAsync(0)
  }
  const waiting = () => pending.map((p) => p.what)
  return { catchUp, pending, errors, settle, waiting }
}

async function catchUpFully(ctx: ReturnType<typeof setup>) {
  await ctx.settle('fetch')
  await ctx.settle('subscribe')
  await ctx.settle('fetch ready')
}

beforeEach(() => {
  vi.useFakeTimers()
  // The backoff's jitter at its top: each delay is exactly its ceiling (500 ms, doubling).
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999_9)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('createCatchUp: rebuilding first', () => {
  test('behavior: after an unclean stop the relay is read under a fresh identity first, once', async () => {
    const ctx = setup({ rebuildFirst: true })
    ctx.catchUp.request()
    expect(ctx.catchUp.status).toBe('rebuilding')
    await ctx.settle('rebuild', { value: true })
    expect(ctx.catchUp.status).toBe('fetching')
    await catchUpFully(ctx)
    expect(ctx.catchUp.status).toBe('idle')
    ctx.catchUp.connected(true)
    await ctx.settle('fetch')
    expect(ctx.waiting()).toEqual(['subscribe'])
  })

  test('behavior: a request during the rebuild waits for it: one more run after, never two at once', async () => {
    const ctx = setup({ rebuildFirst: true })
    ctx.catchUp.request()
    ctx.catchUp.request()
    expect(ctx.waiting()).toEqual(['rebuild'])
    await ctx.settle('rebuild', { value: true })
    await catchUpFully(ctx)
    expect(ctx.waiting()).toEqual(['fetch ready'])
  })

  test('behavior: no rebuild without rebuildFirst, nor without a way to rebuild', async () => {
    for (const options of [
      { rebuildFirst: false, withRebuild: true },
      { rebuildFirst: true, withRebuild: false },
    ]) {
      const ctx = setup(options)
      ctx.catchUp.request()
      expect(ctx.waiting()).toEqual(['fetch'])
      expect(ctx.catchUp.status).toBe('fetching')
    }
  })

  test('behavior: a rebuild that fails is reported and tried again first; one that cannot be done is not', async () => {
    const ctx = setup({ rebuildFirst: true })
    ctx.catchUp.request()
    await ctx.settle('rebuild', { error: new Error('no connection') })
    expect(ctx.errors).toHaveLength(1)
    expect(ctx.catchUp.status).toBe('retrying')
    await vi.advanceTimersByTimeAsync(500)
    expect(ctx.waiting()).toEqual(['rebuild'])
    // `false`: not possible here (no connection of our own): catching up goes on without it.
    await ctx.settle('rebuild', { value: false })
    await catchUpFully(ctx)
    ctx.catchUp.request()
    expect(ctx.waiting()).toEqual(['fetch ready'])
  })

  test('behavior: a read of the history that fails is followed by a rebuild first, once', async () => {
    // The relay counts a page as delivered once it sends it: what a failed read returned may be lost.
    for (const failing of ['fetch', 'fetch ready']) {
      const ctx = setup({ withRebuild: true })
      ctx.catchUp.request()
      if (failing === 'fetch ready') {
        await ctx.settle('fetch')
        await ctx.settle('subscribe')
      }
      await ctx.settle(failing, { error: new Error('timed out') })
      expect(ctx.catchUp.status).toBe('retrying')
      await vi.advanceTimersByTimeAsync(500)
      expect(ctx.waiting()).toEqual(['rebuild'])
      await ctx.settle('rebuild', { value: true })
      expect(ctx.waiting()).toEqual([failing === 'fetch' ? 'fetch' : 'fetch ready'])
      if (failing === 'fetch') await catchUpFully(ctx)
      else await ctx.settle('fetch ready')
      // Once: the next runs only fetch.
      ctx.catchUp.request()
      expect(ctx.waiting()).toEqual(['fetch ready'])
    }
  })

  test('behavior: a read given up because its connection was lost is followed by a rebuild first', async () => {
    const ctx = setup({ withRebuild: true })
    ctx.catchUp.request()
    await ctx.settle('fetch')
    await ctx.settle('subscribe')
    // The last read is under way when a new connection opens: its answer may never arrive.
    ctx.catchUp.connected(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.waiting()).toEqual(['fetch ready', 'rebuild'])
    expect(ctx.catchUp.status).toBe('rebuilding')
  })

  test('behavior: a failed subscription, or a failed read without a way to rebuild, starts no rebuild', async () => {
    const subscribing = setup({ withRebuild: true })
    subscribing.catchUp.request()
    await subscribing.settle('fetch')
    await subscribing.settle('subscribe', { error: new Error('refused') })
    await vi.advanceTimersByTimeAsync(500)
    expect(subscribing.waiting()).toEqual(['fetch'])
    const without = setup({ withRebuild: false })
    without.catchUp.request()
    await without.settle('fetch', { error: new Error('timed out') })
    await vi.advanceTimersByTimeAsync(500)
    expect(without.waiting()).toEqual(['fetch'])
  })

  test('behavior: a stop during the rebuild ends the run there', async () => {
    const ctx = setup({ rebuildFirst: true })
    ctx.catchUp.request()
    ctx.catchUp.stop()
    await ctx.settle('rebuild', { value: true })
    expect(ctx.waiting()).toEqual([])
    expect(ctx.catchUp.status).toBe('stopped')
    expect(ctx.errors).toEqual([])
  })
})

describe('createCatchUp: stopping', () => {
  test('behavior: a stop during the fetch, the subscription or the last fetch starts nothing more', async () => {
    for (const at of ['fetch', 'subscribe', 'fetch ready']) {
      const ctx = setup()
      ctx.catchUp.request()
      for (const step of ['fetch', 'subscribe', 'fetch ready']) {
        if (step === at) break
        await ctx.settle(step)
      }
      ctx.catchUp.stop()
      await ctx.settle(at)
      expect(ctx.waiting()).toEqual([])
      expect(ctx.catchUp.status).toBe('stopped')
    }
  })

  test('behavior: a failure after a stop is not reported and not retried', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    ctx.catchUp.stop()
    await ctx.settle('fetch', { error: new Error('down') })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(ctx.errors).toEqual([])
    expect(ctx.waiting()).toEqual([])
  })

  test('behavior: a stop while waiting to retry cancels the retry, and settles the first attempt', async () => {
    const ctx = setup()
    let first = false
    void ctx.catchUp.firstAttempt.then(() => {
      first = true
    })
    ctx.catchUp.stop()
    await vi.advanceTimersByTimeAsync(0)
    expect(first).toBe(true)
    const other = setup()
    other.catchUp.request()
    await other.settle('fetch', { error: new Error('down') })
    expect(other.catchUp.status).toBe('retrying')
    other.catchUp.stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(other.waiting()).toEqual([])
    other.catchUp.disconnected()
    other.catchUp.connected(true)
    expect(other.catchUp.status).toBe('stopped')
    expect(other.waiting()).toEqual([])
  })
})

describe('createCatchUp: failures and retries', () => {
  test('behavior: each failure names its operation', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch')
    await ctx.settle('subscribe', { error: new Error('down') })
    await vi.advanceTimersByTimeAsync(500)
    await ctx.settle('fetch')
    await ctx.settle('subscribe')
    await ctx.settle('fetch ready', { error: new Error('down') })
    expect(ctx.errors.map((error) => error.operation)).toEqual(['subscribe', 'fetch'])
  })

  test('behavior: the backoff grows with failures in a row, and a success starts it over', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    for (const ms of [500, 1000, 2000]) {
      await ctx.settle('fetch', { error: new Error('down') })
      await vi.advanceTimersByTimeAsync(ms - 1)
      expect(ctx.waiting()).toEqual([])
      await vi.advanceTimersByTimeAsync(1)
      expect(ctx.waiting()).toEqual(['fetch'])
    }
    await catchUpFully(ctx)
    ctx.catchUp.request()
    await ctx.settle('fetch ready', { error: new Error('down') })
    await vi.advanceTimersByTimeAsync(499)
    expect(ctx.waiting()).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(ctx.waiting()).toEqual(['fetch ready'])
  })

  test('behavior: a request while waiting to retry runs at once, and the retry does not run a second time', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch', { error: new Error('down') })
    ctx.catchUp.request()
    expect(ctx.waiting()).toEqual(['fetch'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(ctx.waiting()).toEqual(['fetch'])
    await catchUpFully(ctx)
    await vi.advanceTimersByTimeAsync(5000)
    expect(ctx.waiting()).toEqual([])
    expect(ctx.catchUp.status).toBe('idle')
  })

  test('behavior: a lost connection while waiting to retry keeps the one retry, and its backoff', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch', { error: new Error('down') })
    ctx.catchUp.disconnected()
    await vi.advanceTimersByTimeAsync(500)
    await ctx.settle('fetch', { error: new Error('down') })
    // The second failure in a row: 1 s.
    await vi.advanceTimersByTimeAsync(999)
    expect(ctx.waiting()).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await catchUpFully(ctx)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(ctx.waiting()).toEqual([])
    expect(ctx.catchUp.status).toBe('idle')
  })

  test('behavior: a stop leaves no timer behind (nothing keeps a process alive)', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch', { error: new Error('down') })
    expect(vi.getTimerCount()).toBe(1)
    ctx.catchUp.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  test('behavior: a connection resets the backoff: the next failure waits the first delay again', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch', { error: new Error('down') })
    await vi.advanceTimersByTimeAsync(500)
    await ctx.settle('fetch', { error: new Error('down') })
    ctx.catchUp.connected(false)
    await ctx.settle('fetch', { error: new Error('down') })
    await vi.advanceTimersByTimeAsync(499)
    expect(ctx.waiting()).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(ctx.waiting()).toEqual(['fetch'])
  })
})

describe('createCatchUp: connections', () => {
  test('behavior: a lost connection while idle resubscribes after a backoff', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await catchUpFully(ctx)
    ctx.catchUp.disconnected()
    expect(ctx.catchUp.status).toBe('retrying')
    await vi.advanceTimersByTimeAsync(500)
    expect(ctx.waiting()).toEqual(['fetch'])
    await ctx.settle('fetch')
    expect(ctx.waiting()).toEqual(['subscribe'])
  })

  test('behavior: a lost connection during a run abandons its request and runs again at once, from the subscription', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch')
    await ctx.settle('subscribe')
    ctx.catchUp.disconnected()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.errors.map((error) => (error.walk() as Error).name)).toEqual(['RelayDisconnectedError'])
    // The abandoned fetch still waits on the old connection; the new run fetches, then subscribes again.
    expect(ctx.waiting()).toEqual(['fetch ready', 'fetch'])
    ctx.pending.shift()
    await ctx.settle('fetch')
    expect(ctx.waiting()).toEqual(['subscribe'])
    // Run again at once, so no retry is waiting as well.
    expect(vi.getTimerCount()).toBe(0)
    await ctx.settle('subscribe')
    await ctx.settle('fetch ready')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(ctx.waiting()).toEqual([])
  })

  test('behavior: the first connection keeps the requests that opened it; a reconnect abandons them', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    ctx.catchUp.connected(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.errors).toEqual([])
    expect(ctx.catchUp.status).toBe('fetching')
    await catchUpFully(ctx)
    // Asked for once more while running: one more run, which only fetches (it subscribed on this connection).
    expect(ctx.waiting()).toEqual(['fetch ready'])
    await ctx.settle('fetch ready')
    expect(ctx.catchUp.status).toBe('idle')
    expect(ctx.waiting()).toEqual([])
  })

  test('behavior: a lost connection during a run that then succeeds runs once more', async () => {
    const ctx = setup()
    ctx.catchUp.request()
    await ctx.settle('fetch')
    await ctx.settle('subscribe')
    // The last fetch settles before the abandon reaches it (the core answered just in time).
    const last = ctx.pending.shift() as Pending
    last.resolve()
    ctx.catchUp.disconnected()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.catchUp.status).toBe('fetching')
    expect(ctx.waiting()).toEqual(['fetch'])
  })
})
