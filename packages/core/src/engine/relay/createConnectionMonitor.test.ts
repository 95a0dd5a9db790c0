import { deferred } from '@chatsync/test'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import { createConnectionMonitor } from './createConnectionMonitor.js'
import type { RelayConnectionStatus } from './relayConnectionStatus.js'

/*
 * The monitor's decisions over a scripted relayer (a unit test: the real cores and relays are in
 * test/relayUnreachable.test.ts). Without a relay URL it makes no connection attempt of its own.
 */

type Listener = (...args: unknown[]) => void

function fakeCore() {
  const listeners = new Map<string, Set<Listener>>()
  const requests: ReturnType<typeof deferred<unknown>>[] = []
  const relayer = {
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
    const { monitor, relayer, requests, changes } = setup()
    expect(monitor.status).toBe('connecting')
    expect(relayer.request).not.toHaveBeenCalled()
    monitor.want()
    monitor.want()
    expect(relayer.request).toHaveBeenCalledTimes(1)
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
    expect(changes.at(-1)).toEqual({ status: 'offline', error: undefined })
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
})
