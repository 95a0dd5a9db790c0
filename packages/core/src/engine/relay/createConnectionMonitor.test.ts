import { deferred } from '@chatsync/test'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import { createConnectionMonitor } from './createConnectionMonitor.js'
import type { RelayConnectionStatus } from './relayConnectionStatus.js'
import type { SocketAttempt } from './tryRelaySocket.js'

/*
 * The monitor's decisions over a scripted relayer (a unit test: the real cores and relays are in
 * test/relayUnreachable.test.ts). Without a relay URL it makes no connection attempt of its own.
 */

/** The monitor's own connection attempts (given a relay URL), each settled by hand. */
const attempts: { resolve(result: SocketAttempt | undefined): void }[] = []
vi.mock('./tryRelaySocket.js', () => ({
  tryRelaySocket: vi.fn(
    () =>
      new Promise<SocketAttempt | undefined>((resolve) => {
        attempts.push({ resolve })
      }),
  ),
}))

type Listener = (...args: unknown[]) => void

function fakeCore(relayUrl?: string) {
  const listeners = new Map<string, Set<Listener>>()
  const requests: ReturnType<typeof deferred<unknown>>[] = []
  const relayer = {
    relayUrl,
    connected: false,
    transportExplicitlyClosed: false,
    request: vi.fn(() => {
      const answer = deferred<unknown>()
      requests.push(answer)
      return answer.promise
    }),
    on(event: string, listener: Listener) {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(listener))
    },
    off(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener)
    },
  }
  const emit = (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args)
  }
  return { core: { relayer } as unknown as ChatSyncCore, relayer, requests, emit, listeners }
}

function setup() {
  const fake = fakeCore()
  const changes: { status: RelayConnectionStatus; error: string | undefined }[] = []
  const monitor = createConnectionMonitor({
    core: fake.core,
    onChange: (status, error) => changes.push({ status, error: error && `${error.name}:${error.reason}` }),
  })
  return { ...fake, monitor, changes }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createConnectionMonitor', () => {
  test('default: connecting, and nothing asked until wanted; an answer makes it connected', async () => {
    const { monitor, relayer, requests, changes, emit } = setup()
    expect(monitor.status).toBe('connecting')
    // The core connecting before the monitor is wanted asks nothing either.
    emit('relayer_connect')
    expect(relayer.request).not.toHaveBeenCalled()
    monitor.want()
    monitor.want()
    expect(relayer.request).toHaveBeenCalledTimes(1)
    // The question is an empty history fetch: no topic, the cheapest request there is.
    expect(relayer.request).toHaveBeenCalledWith({ method: 'irn_batchFetchMessages', params: { topics: [] } })
    relayer.connected = true
    requests[0]?.resolve([])
    await vi.waitFor(() => expect(monitor.status).toBe('connected'))
    expect(changes).toEqual([{ status: 'connected', error: undefined }])
    monitor.stop()
  })

  test('behavior: a relay error answer is an answer; no answer within offlineAfterMs is offline (timeout), once', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests, changes } = setup()
    monitor.want()
    relayer.connected = true
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs - 1)
    expect(monitor.status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(1)
    expect(monitor.status).toBe('offline')
    expect(monitor.failure?.reason).toBe('timeout')
    expect(monitor.failure?.details).toContain('The connection is open')
    // Without a relay URL the error names an unknown relay.
    expect(monitor.failure?.url).toBe('unknown')
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.reconnectMaxMs * 2)
    expect(changes).toEqual([{ status: 'offline', error: 'RelayUnreachableError:timeout' }])
    // The relay answers with an error of its own: it is there.
    requests[0]?.reject({ code: -32600, message: 'Invalid request' })
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connected')
    expect(monitor.failure).toBeUndefined()
    monitor.stop()
  })

  test('behavior: while offline it asks again with backoff, and the first answer makes it connected', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests } = setup()
    monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(monitor.status).toBe('offline')
    // The first question waits for good (a refused connection); it makes way for the next after a while.
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.probeTimeoutMs + ENGINE_LIMITS.reconnectMaxMs)
    expect(relayer.request.mock.calls.length).toBeGreaterThan(1)
    relayer.connected = true
    requests.at(-1)?.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connected')
    const asked = relayer.request.mock.calls.length
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.reconnectMaxMs * 3)
    expect(relayer.request).toHaveBeenCalledTimes(asked)
    monitor.stop()
  })

  test('behavior: a dropped connection is connecting, then offline (closed); a late answer from before does not count', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests, emit } = setup()
    monitor.want()
    relayer.connected = true
    requests[0]?.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connected')
    relayer.connected = false
    emit('relayer_disconnect')
    expect(monitor.status).toBe('connecting')
    requests[1]?.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(monitor.status).toBe('offline')
    expect(monitor.failure?.reason).toBe('closed')
    monitor.stop()
  })

  test('behavior: a transport the app closed is offline without an error, and nothing reopens it', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests, emit, changes } = setup()
    monitor.want()
    relayer.connected = true
    requests[0]?.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    relayer.connected = false
    relayer.transportExplicitlyClosed = true
    emit('relayer_disconnect')
    expect(monitor.status).toBe('offline')
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.reconnectMaxMs * 3)
    expect(relayer.request).toHaveBeenCalledTimes(1)
    // Straight to offline, reported once.
    expect(changes).toEqual([
      { status: 'connected', error: undefined },
      { status: 'offline', error: undefined },
    ])
    // The app opens it again: the core connects, and the relay answers.
    relayer.transportExplicitlyClosed = false
    relayer.connected = true
    emit('relayer_connect')
    requests[1]?.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connected')
    monitor.stop()
  })

  test('behavior: a fatal socket error is offline (closed) at once, with the cause kept', async () => {
    const { monitor, relayer, requests, emit } = setup()
    monitor.want()
    relayer.connected = true
    requests[0]?.resolve([])
    await vi.waitFor(() => expect(monitor.status).toBe('connected'))
    const cause = new Error('WebSocket connection closed abnormally with code: 3000')
    emit('relayer_error', cause)
    expect(monitor.status).toBe('offline')
    expect(monitor.failure).toMatchObject({ name: 'RelayUnreachableError', reason: 'closed', cause })
    monitor.stop()
  })

  test('behavior: whenConnectionFailed settles for a closed connection, not for a slow relay or a transport the app closed; stop detaches', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, listeners, emit, changes } = setup()
    const unreachable = vi.fn()
    void monitor.whenConnectionFailed().then(unreachable)
    relayer.transportExplicitlyClosed = true
    monitor.want()
    expect(monitor.status).toBe('offline')
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(unreachable).not.toHaveBeenCalled()
    // The app opens the transport again, and the relay does not answer on it.
    relayer.transportExplicitlyClosed = false
    relayer.connected = true
    emit('relayer_connect')
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes.at(-1)).toEqual({ status: 'offline', error: 'RelayUnreachableError:timeout' })
    expect(unreachable).not.toHaveBeenCalled()
    // Then the connection drops: a failure for certain.
    relayer.connected = false
    emit('relayer_error', new Error('closed abnormally'))
    await vi.advanceTimersByTimeAsync(0)
    expect(unreachable).toHaveBeenCalledTimes(1)
    await expect(monitor.whenConnectionFailed()).resolves.toBeUndefined()
    monitor.stop()
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true)
  })

  test('behavior: once connected, wanting it again asks nothing, and another answer reports nothing', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests, changes } = setup()
    monitor.want()
    relayer.connected = true
    requests[0]?.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    monitor.want()
    expect(relayer.request).toHaveBeenCalledTimes(1)
    monitor.suspect()
    requests[1]?.resolve([])
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toEqual([{ status: 'connected', error: undefined }])
    monitor.stop()
  })

  test('behavior: offline for a reason, the app closes the transport: offline without an error; reopened on a silent relay, reported again and asking again', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, emit, changes } = setup()
    monitor.want()
    // The connection is open, the relay does not answer.
    relayer.connected = true
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(monitor.failure?.reason).toBe('timeout')
    relayer.connected = false
    relayer.transportExplicitlyClosed = true
    emit('relayer_disconnect')
    expect(monitor.status).toBe('offline')
    expect(monitor.failure).toBeUndefined()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.reconnectMaxMs)
    const asked = relayer.request.mock.calls.length
    // The app opens it again; the core connects, and the relay still does not answer.
    relayer.transportExplicitlyClosed = false
    relayer.connected = true
    emit('relayer_connect')
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes.slice(0, 2)).toEqual([
      { status: 'offline', error: 'RelayUnreachableError:timeout' },
      { status: 'offline', error: undefined },
    ])
    expect(changes).toHaveLength(3)
    expect(changes[2]).toMatchObject({
      status: 'offline',
      error: expect.stringMatching(/^RelayUnreachableError:/),
    })
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.probeTimeoutMs + ENGINE_LIMITS.reconnectMaxMs)
    expect(relayer.request.mock.calls.length).toBeGreaterThan(asked + 1)
    monitor.stop()
  })

  test('behavior: a transport the app closed without a word (the core was not connected) is offline without an error; retries stop when it closes', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, changes } = setup()
    monitor.want()
    relayer.transportExplicitlyClosed = true
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(monitor.status).toBe('offline')
    expect(monitor.failure).toBeUndefined()
    expect(changes).toEqual([{ status: 'offline', error: undefined }])
    monitor.stop()

    // Offline for a reason, and asking again; then the app closes the transport: nothing is left to wake up.
    const retrying = setup()
    retrying.monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(retrying.monitor.failure?.reason).toBe('timeout')
    retrying.relayer.transportExplicitlyClosed = true
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.reconnectMaxMs + ENGINE_LIMITS.probeTimeoutMs)
    expect(vi.getTimerCount()).toBe(0)
    expect(retrying.relayer.request).toHaveBeenCalledTimes(1)
    retrying.monitor.stop()
  })

  test('behavior: while offline, a dropped connection leaves it offline, and suspect() asks nothing (the retries do)', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests, emit, changes } = setup()
    monitor.want()
    // The question fails at once (no network).
    requests[0]?.reject(new TypeError('fetch failed'))
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toEqual([{ status: 'offline', error: 'RelayUnreachableError:timeout' }])
    monitor.suspect()
    expect(relayer.request).toHaveBeenCalledTimes(1)
    emit('relayer_disconnect')
    expect(monitor.status).toBe('offline')
    expect(changes).toHaveLength(1)
    monitor.stop()
  })

  test('behavior: a fatal socket error before the monitor is wanted changes nothing yet, and is the reason when the relay then does not answer', async () => {
    vi.useFakeTimers()
    const { monitor, emit, changes } = setup()
    emit('relayer_error', new Error('closed abnormally'))
    expect(monitor.status).toBe('connecting')
    monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toEqual([{ status: 'offline', error: 'RelayUnreachableError:closed' }])
    monitor.stop()
  })

  test('behavior: a question from before the connection opened, failing, does not let another out while the current one waits', async () => {
    vi.useFakeTimers()
    const { monitor, relayer, requests, emit } = setup()
    monitor.want()
    relayer.connected = true
    emit('relayer_connect')
    expect(relayer.request).toHaveBeenCalledTimes(2)
    requests[0]?.reject(new Error('socket closed'))
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(monitor.failure?.reason).toBe('timeout')
    // The first retry comes within its first backoff (at most 1 s); the current question waits on
    // (until probeTimeoutMs).
    await vi.advanceTimersByTimeAsync(1_000)
    expect(relayer.request).toHaveBeenCalledTimes(2)
    monitor.stop()
  })
})

/** A monitor of a relay at `relayUrl` (`null`: none), its changes as `status reason url`. */
function setupWithUrl(relayUrl: string | null = 'wss://relay.example.com/v2?auth=secret') {
  const fake = fakeCore(relayUrl ?? undefined)
  const changes: string[] = []
  const monitor = createConnectionMonitor({
    core: fake.core,
    onChange: (status, error) => changes.push(error ? `${status} ${error.reason} ${error.url}` : status),
  })
  return { ...fake, monitor, changes }
}

describe('createConnectionMonitor, its own connection attempt', () => {
  beforeEach(() => {
    attempts.length = 0
    vi.useFakeTimers()
  })

  test('default: no answer after diagnoseAfterMs, a refused attempt is offline (refused) at once, naming the relay without its query', async () => {
    const { monitor, changes } = setupWithUrl()
    monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs - 1)
    expect(attempts).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(attempts).toHaveLength(1)
    attempts[0]!.resolve('refused')
    await vi.advanceTimersByTimeAsync(0)
    expect(changes).toEqual(['offline refused wss://relay.example.com/v2'])
    expect(monitor.failure?.message).not.toContain('secret')
    // The reason says it all: no details (those tell what a timeout waited for).
    expect(monitor.failure?.details).toBe('')
    // Reported once, whatever the deadline does after.
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toHaveLength(1)
    await expect(monitor.whenConnectionFailed()).resolves.toBeUndefined()
    monitor.stop()
  })

  test('behavior: an attempt closed by the relay is offline (closed); one that opened or timed out waits for the deadline (timeout)', async () => {
    const closed = setupWithUrl()
    closed.monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs)
    attempts[0]!.resolve('closed')
    await vi.advanceTimersByTimeAsync(0)
    expect(closed.changes).toEqual(['offline closed wss://relay.example.com/v2'])
    expect(closed.monitor.failure?.details).toBe('')
    closed.monitor.stop()

    for (const result of ['opened', 'timeout', undefined] as const) {
      attempts.length = 0
      const waiting = setupWithUrl()
      waiting.monitor.want()
      await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs)
      attempts[0]!.resolve(result)
      await vi.advanceTimersByTimeAsync(0)
      expect(waiting.monitor.status).toBe('connecting')
      await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs - ENGINE_LIMITS.diagnoseAfterMs)
      expect(waiting.changes).toEqual(['offline timeout wss://relay.example.com/v2'])
      expect(waiting.monitor.failure?.details).toBe(
        `No connection within ${ENGINE_LIMITS.offlineAfterMs} ms.`,
      )
      waiting.monitor.stop()
    }
  })

  test('behavior: no attempt of its own while the core is connected, nor twice in one doubt; a result after the doubt ended is ignored', async () => {
    const connected = setupWithUrl()
    connected.relayer.connected = true
    connected.monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(attempts).toHaveLength(0)
    expect(connected.monitor.failure?.reason).toBe('timeout')
    connected.monitor.stop()

    const late = setupWithUrl()
    late.monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs)
    // The probe fails at once (no network): no second attempt while the first runs.
    late.requests[0]!.reject(new Error('socket closed'))
    await vi.advanceTimersByTimeAsync(0)
    expect(attempts).toHaveLength(1)
    // The relay answers before the attempt ends: the attempt's result no longer counts.
    late.relayer.connected = true
    late.requests[0] = deferred()
    late.emit('relayer_connect')
    late.requests.at(-1)!.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(late.monitor.status).toBe('connected')
    attempts[0]!.resolve('refused')
    await vi.advanceTimersByTimeAsync(0)
    expect(late.changes).toEqual(['connected'])
    late.monitor.stop()
  })

  test('behavior: a probe that fails at once (no network) tries a connection before diagnoseAfterMs', async () => {
    const { monitor, requests, changes } = setupWithUrl()
    monitor.want()
    requests[0]!.reject(new TypeError('fetch failed'))
    await vi.advanceTimersByTimeAsync(0)
    expect(attempts).toHaveLength(1)
    attempts[0]!.resolve('refused')
    await vi.advanceTimersByTimeAsync(0)
    expect(changes).toEqual(['offline refused wss://relay.example.com/v2'])
    monitor.stop()
  })

  test('behavior: a relay error answer to a probe is no reason to try a connection', async () => {
    const { monitor, relayer, requests, changes } = setupWithUrl()
    relayer.connected = true
    monitor.want()
    requests[0]!.reject({ code: -32000, message: 'busy' })
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(attempts).toHaveLength(0)
    expect(changes).toEqual(['connected'])
    monitor.stop()

    // An answer that comes once the core is no longer connected (from before a drop) does not count, and
    // is no reason for an attempt before diagnoseAfterMs either.
    const late = setupWithUrl()
    late.monitor.want()
    late.requests[0]!.reject({ code: -32000, message: 'busy' })
    await vi.advanceTimersByTimeAsync(0)
    expect(attempts).toHaveLength(0)
    expect(late.monitor.status).toBe('connecting')
    late.monitor.stop()
  })

  test('behavior: a probe failing locally is no answer, whatever it carries: a connection is tried at once', async () => {
    const failures = [
      Object.assign(new Error('closed'), { code: 1006 }),
      'socket hang up',
      { message: 'no code' },
      undefined,
    ]
    for (const failure of failures) {
      attempts.length = 0
      const { monitor, requests } = setupWithUrl()
      monitor.want()
      requests[0]!.reject(failure)
      await vi.advanceTimersByTimeAsync(0)
      expect(attempts).toHaveLength(1)
      expect(monitor.status).toBe('connecting')
      monitor.stop()
    }
    // Nor is it an answer while the core is connected.
    const connected = setupWithUrl()
    connected.relayer.connected = true
    connected.monitor.want()
    connected.requests[0]!.reject(new Error('payload too large'))
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(connected.changes).toEqual(['offline timeout wss://relay.example.com/v2'])
    connected.monitor.stop()
  })

  test('behavior: a connection event during a doubt keeps it: one attempt, whose result still counts', async () => {
    const { monitor, relayer, emit, changes } = setupWithUrl()
    monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs)
    expect(attempts).toHaveLength(1)
    emit('relayer_disconnect')
    expect(relayer.request).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs)
    attempts[0]!.resolve('refused')
    await vi.advanceTimersByTimeAsync(0)
    expect(changes).toEqual(['offline refused wss://relay.example.com/v2'])
    expect(attempts).toHaveLength(1)
    monitor.stop()
  })

  test('behavior: suspect() checks a connected relay again (offline when it stops answering); not while connecting', async () => {
    const { monitor, relayer, requests, changes } = setupWithUrl()
    monitor.suspect()
    expect(relayer.request).not.toHaveBeenCalled()
    relayer.connected = true
    monitor.want()
    requests[0]!.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connected')
    monitor.suspect()
    monitor.suspect()
    // One question at a time.
    expect(relayer.request).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toEqual(['connected', 'offline timeout wss://relay.example.com/v2'])
    expect(monitor.failure?.details).toBe(
      `The connection is open, but the relay did not answer within ${ENGINE_LIMITS.offlineAfterMs} ms.`,
    )
    monitor.stop()
  })

  test('behavior: without a relay URL an error names an unknown relay; a fatal socket error keeps its cause', async () => {
    const { monitor, emit, changes } = setupWithUrl(null)
    expect(monitor.url).toBeUndefined()
    monitor.want()
    const cause = new Error('1006')
    emit('relayer_error', cause)
    expect(changes).toEqual(['offline closed unknown'])
    expect(monitor.failure?.cause).toBe(cause)
    expect(monitor.failure?.details).toBe(
      'The relay closed the connection with an error; the core keeps it closed.',
    )
    monitor.stop()
  })

  test('behavior: after stop, nothing changes and nothing is asked; its listeners are gone', async () => {
    const { monitor, relayer, requests, emit, changes, listeners } = setupWithUrl()
    monitor.want()
    monitor.stop()
    // An answer to the question asked before is too late.
    relayer.connected = true
    requests[0]!.resolve([])
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs * 5)
    expect(monitor.status).toBe('connecting')
    emit('relayer_error', new Error('late'))
    relayer.connected = true
    emit('relayer_connect')
    expect(changes).toEqual([])
    expect(relayer.request).toHaveBeenCalledTimes(1)
    expect(attempts).toHaveLength(0)
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true)
  })
})
