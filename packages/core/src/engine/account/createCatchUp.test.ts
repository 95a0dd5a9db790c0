import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { RelayRequestError } from '../../errors/relay.js'
import { createCatchUp } from './createCatchUp.js'

/** A catch-up whose relay operations wait until the test settles them. */
function setup({ mayRetry = true } = {}) {
  const pending: { what: string; resolve: () => void; reject: (error: Error) => void }[] = []
  const errors: RelayRequestError[] = []
  const operation = (what: string) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ what, resolve, reject })
    })
  const catchUp = createCatchUp({
    account: 'eip155:1:0xabc',
    fetch: (caughtUp) => operation(caughtUp ? 'fetch ready' : 'fetch'),
    subscribe: () => operation('subscribe'),
    onError: (error) => errors.push(error),
    mayRetry: () => mayRetry,
  })
  /** Settles the oldest operation and lets the catch-up take its next step. */
  async function settle(what: string, error?: Error) {
    const next = pending.shift()
    expect(next?.what).toBe(what)
    if (error) next?.reject(error)
    else next?.resolve()
    await vi.advanceTimersByTimeAsync(0)
  }
  return { catchUp, pending, errors, settle }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createCatchUp', () => {
  test('default: history, subscription, then what came in between; then idle', async () => {
    const { catchUp, settle } = setup()
    expect(catchUp.status).toBe('idle')
    catchUp.request()
    expect(catchUp.status).toBe('fetching')
    await settle('fetch')
    expect(catchUp.status).toBe('subscribing')
    await settle('subscribe')
    expect(catchUp.status).toBe('fetching')
    await settle('fetch ready')
    expect(catchUp.status).toBe('idle')
    // Subscribed: a later request only fetches.
    catchUp.request()
    await settle('fetch ready')
    expect(catchUp.status).toBe('idle')
  })

  test('behavior: requests during a run collapse into one more run', async () => {
    const { catchUp, settle, pending } = setup()
    catchUp.request()
    catchUp.request()
    catchUp.request()
    await settle('fetch')
    await settle('subscribe')
    await settle('fetch ready')
    await settle('fetch ready')
    expect(pending).toEqual([])
    expect(catchUp.status).toBe('idle')
  })

  test('behavior: a failure is reported and retried after a backoff; the first attempt settles then', async () => {
    const { catchUp, settle, errors, pending } = setup()
    let first = false
    void catchUp.firstAttempt.then(() => {
      first = true
    })
    catchUp.request()
    await settle('fetch', new Error('down'))
    expect(errors.map((error) => [error.name, error.operation])).toEqual([['RelayRequestError', 'fetch']])
    expect(catchUp.status).toBe('retrying')
    expect(first).toBe(true)
    expect(pending).toEqual([])
    await vi.advanceTimersByTimeAsync(600)
    expect(catchUp.status).toBe('fetching')
    expect(pending.map((p) => p.what)).toEqual(['fetch'])
  })

  test('behavior: a new connection abandons the old one’s requests and catches up again at once', async () => {
    const { catchUp, settle, errors, pending } = setup()
    catchUp.request()
    await settle('fetch')
    await settle('subscribe')
    catchUp.connected(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(errors.map((error) => (error.walk() as Error).name)).toEqual(['RelayDisconnectedError'])
    // The abandoned fetch is still pending on the old connection; a new run has started.
    expect(pending.map((p) => p.what)).toEqual(['fetch ready', 'fetch'])
    expect(catchUp.status).toBe('fetching')
  })

  test('behavior: no retry while the app keeps the transport closed; stopped stays stopped', async () => {
    const { catchUp, settle } = setup({ mayRetry: false })
    catchUp.request()
    await settle('fetch', new Error('closed'))
    expect(catchUp.status).toBe('idle')
    catchUp.stop()
    catchUp.request()
    catchUp.disconnected()
    expect(catchUp.status).toBe('stopped')
  })
})
