import { deferred } from '@chatsync/test'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import { createConnectionMonitor } from './createConnectionMonitor.js'
import type { SocketAttempt } from './tryRelaySocket.js'

/*
 * The monitor with a relay URL: its own connection attempt (played by hand here; the real sockets against
 * refused and silent ports are in test/relayUnreachable.test.ts) tells why the core does not connect.
 */

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

function setup(relayUrl: string | null = 'wss://relay.example.com/v2?auth=secret') {
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
  const changes: string[] = []
  const monitor = createConnectionMonitor({
    core: { relayer } as unknown as ChatSyncCore,
    onChange: (status, error) => changes.push(error ? `${status} ${error.reason} ${error.url}` : status),
  })
  return { monitor, relayer, requests, emit, changes, listeners }
}

beforeEach(() => {
  attempts.length = 0
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createConnectionMonitor, its own connection attempt', () => {
  test('default: no answer after diagnoseAfterMs, a refused attempt is offline (refused) at once, naming the relay without its query', async () => {
    const { monitor, changes } = setup()
    monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs - 1)
    expect(attempts).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(attempts).toHaveLength(1)
    attempts[0]!.resolve('refused')
    await vi.advanceTimersByTimeAsync(0)
    expect(changes).toEqual(['offline refused wss://relay.example.com/v2'])
    expect(monitor.failure?.message).not.toContain('secret')
    // Reported once, whatever the deadline does after.
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toHaveLength(1)
    await expect(monitor.whenConnectionFailed()).resolves.toBeUndefined()
    monitor.stop()
  })

  test('behavior: an attempt closed by the relay is offline (closed); one that opened or timed out waits for the deadline (timeout)', async () => {
    const closed = setup()
    closed.monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.diagnoseAfterMs)
    attempts[0]!.resolve('closed')
    await vi.advanceTimersByTimeAsync(0)
    expect(closed.changes).toEqual(['offline closed wss://relay.example.com/v2'])
    closed.monitor.stop()

    for (const result of ['opened', 'timeout', undefined] as const) {
      attempts.length = 0
      const waiting = setup()
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
    const connected = setup()
    connected.relayer.connected = true
    connected.monitor.want()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(attempts).toHaveLength(0)
    expect(connected.monitor.failure?.reason).toBe('timeout')
    connected.monitor.stop()

    const late = setup()
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
    const { monitor, requests, changes } = setup()
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
    const { monitor, relayer, requests, changes } = setup()
    relayer.connected = true
    monitor.want()
    requests[0]!.reject({ code: -32000, message: 'busy' })
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(attempts).toHaveLength(0)
    expect(changes).toEqual(['connected'])
    monitor.stop()
  })

  test('behavior: suspect() checks a connected relay again (offline when it stops answering); not while connecting', async () => {
    const { monitor, relayer, requests, changes } = setup()
    monitor.suspect()
    expect(relayer.request).not.toHaveBeenCalled()
    relayer.connected = true
    monitor.want()
    requests[0]!.resolve([])
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.status).toBe('connected')
    monitor.suspect()
    expect(relayer.request).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs)
    expect(changes).toEqual(['connected', 'offline timeout wss://relay.example.com/v2'])
    expect(monitor.failure?.details).toBe(
      `The connection is open, but the relay did not answer within ${ENGINE_LIMITS.offlineAfterMs} ms.`,
    )
    monitor.stop()
  })

  test('behavior: without a relay URL an error names an unknown relay; a fatal socket error keeps its cause', async () => {
    const { monitor, emit, changes } = setup(null)
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
    const { monitor, relayer, emit, changes, listeners } = setup()
    monitor.want()
    monitor.stop()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.offlineAfterMs * 5)
    emit('relayer_error', new Error('late'))
    relayer.connected = true
    emit('relayer_connect')
    expect(changes).toEqual([])
    expect(relayer.request).toHaveBeenCalledTimes(1)
    expect(attempts).toHaveLength(0)
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true)
  })
})
