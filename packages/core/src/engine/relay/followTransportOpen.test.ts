import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { type ChatSyncCore, RELAYER_DISCONNECT } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import { followTransportOpen } from './followTransportOpen.js'

/*
 * The follow-up of the app's `transportOpen` against a core whose relayer is played by hand: what the
 * core's own `transportOpen` leaves (connected or not, held closed or not, an attempt still running) and
 * whether the relay answers. The real core and relay: test/transport.test.ts.
 */

type Answer = 'answers' | 'refuses' | 'never'

function fakeCore({ answer = 'answers' as Answer } = {}) {
  const events = new EventEmitter()
  const calls: string[] = []
  const relayer = {
    connected: false,
    transportExplicitlyClosed: false,
    connectionAttemptInProgress: false,
    /** What the core's own `transportOpen` does (by default: nothing, as without topics of its own). */
    onOpen: () => {},
    async transportOpen(...args: unknown[]) {
      calls.push(`open ${args.join(',')}`)
      relayer.onOpen()
    },
    request(request: { method: string }) {
      calls.push(`request ${request.method}`)
      if (answer === 'never') return new Promise(() => {})
      return answer === 'answers' ? Promise.resolve([]) : Promise.reject(new Error('refused'))
    },
    restartTransport: async () => {
      // As the core's: nothing while a connection attempt runs.
      if (relayer.connectionAttemptInProgress) {
        calls.push('restart ignored')
        return
      }
      calls.push('restart')
      relayer.connected = true
      relayer.transportExplicitlyClosed = false
    },
    on: (event: string, listener: () => void) => events.on(event, listener),
    off: (event: string, listener: () => void) => events.off(event, listener),
  }
  const core = { relayer } as unknown as ChatSyncCore & { relayer: typeof relayer }
  return {
    core,
    relayer,
    calls,
    /** The app closes the transport on purpose (the core then reports a disconnect). */
    closeByApp() {
      relayer.connected = false
      relayer.transportExplicitlyClosed = true
      events.emit(RELAYER_DISCONNECT)
    },
    /**
     * The core's own `transportOpen` connects through an attempt begun before the app closed the
     * transport: connected, held closed on purpose, the attempt still running.
     */
    opensHeldClosed() {
      relayer.onOpen = () => {
        relayer.connected = true
        relayer.transportExplicitlyClosed = true
        relayer.connectionAttemptInProgress = true
      }
    },
    /** The connection drops (not closed on purpose). */
    drop() {
      relayer.connected = false
      relayer.transportExplicitlyClosed = false
      events.emit(RELAYER_DISCONNECT)
    },
    listeners: () => events.listenerCount(RELAYER_DISCONNECT),
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

afterEach(() => {
  vi.useRealTimers()
})

describe('followTransportOpen', () => {
  test('default: an open that leaves the core disconnected asks the relay (connecting it); an answer is enough', async () => {
    const { core, relayer, calls } = fakeCore()
    const asked: unknown[] = []
    const request = relayer.request
    relayer.request = (body) => {
      asked.push(body)
      return request(body)
    }
    followTransportOpen(core, () => true, 50)
    relayer.transportExplicitlyClosed = true
    await relayer.transportOpen('a', 1)
    expect(calls).toEqual(['open a,1', 'request irn_batchFetchMessages'])
    // An empty history fetch: no topic, the cheapest request there is.
    expect(asked).toEqual([{ method: 'irn_batchFetchMessages', params: { topics: [] } }])
  })

  test('behavior: a refusal is an answer too; no answer in time, a new connection', async () => {
    const refused = fakeCore({ answer: 'refuses' })
    followTransportOpen(refused.core, () => true, 50)
    await refused.relayer.transportOpen()
    expect(refused.calls).toEqual(['open ', 'request irn_batchFetchMessages'])
    const silent = fakeCore({ answer: 'never' })
    followTransportOpen(silent.core, () => true, 50)
    await silent.relayer.transportOpen()
    expect(silent.calls).toEqual(['open ', 'request irn_batchFetchMessages', 'restart'])
  })

  test('behavior: nothing more when no account needs the relay, or the core connected as asked', async () => {
    const idle = fakeCore()
    followTransportOpen(idle.core, () => false, 50)
    await idle.relayer.transportOpen()
    expect(idle.calls).toEqual(['open '])
    const connecting = fakeCore()
    connecting.relayer.onOpen = () => {
      connecting.relayer.connected = true
    }
    followTransportOpen(connecting.core, () => true, 50)
    await connecting.relayer.transportOpen()
    expect(connecting.calls).toEqual(['open '])
  })

  test('behavior: a connection the core holds closed on purpose is replaced once its attempt is over', async () => {
    const { core, relayer, calls, opensHeldClosed } = fakeCore()
    opensHeldClosed()
    followTransportOpen(core, () => true, 50)
    const opened = relayer.transportOpen()
    await wait(120)
    expect(calls).toEqual(['open '])
    relayer.connectionAttemptInProgress = false
    await opened
    expect(calls).toEqual(['open ', 'restart'])
    expect(relayer).toMatchObject({ connected: true, transportExplicitlyClosed: false })
  })

  test('behavior: a connection not held closed is left as it is at once, even while an attempt runs', async () => {
    vi.useFakeTimers()
    const { core, relayer, calls } = fakeCore()
    relayer.onOpen = () => {
      relayer.connected = true
      relayer.connectionAttemptInProgress = true
    }
    followTransportOpen(core, () => true, 50)
    let done = false
    void relayer.transportOpen().then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(done).toBe(true)
    expect(calls).toEqual(['open '])
  })

  test('behavior: an attempt that never ends is waited for coreAttemptMaxMs, not longer; then a new connection is asked for', async () => {
    vi.useFakeTimers()
    const { core, relayer, calls, opensHeldClosed } = fakeCore()
    opensHeldClosed()
    followTransportOpen(core, () => true, 50)
    const opened = relayer.transportOpen()
    await vi.advanceTimersByTimeAsync(ENGINE_LIMITS.coreAttemptMaxMs - 1)
    expect(calls).toEqual(['open '])
    await vi.advanceTimersByTimeAsync(1)
    // (which the core, still in that attempt, ignores)
    expect(calls).toEqual(['open ', 'restart ignored'])
    await opened
  })

  test('behavior: the relay answering while the core connected held closed (an attempt under way) replaces it too', async () => {
    const { core, relayer, calls } = fakeCore()
    relayer.request = (request) => {
      calls.push(`request ${request.method}`)
      relayer.connected = true
      relayer.transportExplicitlyClosed = true
      return Promise.resolve([])
    }
    followTransportOpen(core, () => true, 50)
    await relayer.transportOpen()
    expect(calls).toEqual(['open ', 'request irn_batchFetchMessages', 'restart'])
  })

  test('behavior: no answer while the core is still in an attempt begun before the close: the new connection comes once it is over', async () => {
    // The relay was down, the core reconnecting; the app closed the transport (the attempt goes on until
    // it gives up), the relay came back, and the app opened the transport again.
    const { core, relayer, calls } = fakeCore({ answer: 'never' })
    relayer.transportExplicitlyClosed = true
    relayer.connectionAttemptInProgress = true
    followTransportOpen(core, () => true, 30)
    const opened = relayer.transportOpen()
    await wait(120)
    expect(calls).toEqual(['open ', 'request irn_batchFetchMessages'])
    // The attempt gives up, disconnected.
    relayer.connectionAttemptInProgress = false
    await opened
    expect(calls).toEqual(['open ', 'request irn_batchFetchMessages', 'restart'])
    expect(relayer).toMatchObject({ connected: true, transportExplicitlyClosed: false })
  })

  test('behavior: that attempt connecting on its own needs no new connection, unless it is held closed; an app closing again ends the wait', async () => {
    const opens = fakeCore({ answer: 'never' })
    opens.relayer.connectionAttemptInProgress = true
    followTransportOpen(opens.core, () => true, 30)
    const opened = opens.relayer.transportOpen()
    await wait(60)
    opens.relayer.connected = true
    await wait(60)
    opens.relayer.connectionAttemptInProgress = false
    await opened
    expect(opens.calls).toEqual(['open ', 'request irn_batchFetchMessages'])

    const closed = fakeCore({ answer: 'never' })
    closed.relayer.connectionAttemptInProgress = true
    followTransportOpen(closed.core, () => true, 30)
    const again = closed.relayer.transportOpen()
    await wait(60)
    closed.closeByApp()
    await again
    expect(closed.calls).toEqual(['open ', 'request irn_batchFetchMessages'])
  })

  test('behavior: once the app closes the transport again, that open is over: no request answered late, no restart', async () => {
    const { core, relayer, calls, closeByApp, drop } = fakeCore({ answer: 'never' })
    followTransportOpen(core, () => true, 50)
    const opened = relayer.transportOpen()
    await wait(10)
    closeByApp()
    await opened
    expect(calls).toEqual(['open ', 'request irn_batchFetchMessages'])
    // A drop (not closed on purpose) does not end it.
    const again = relayer.transportOpen()
    await wait(10)
    drop()
    await again
    expect(calls.slice(2)).toEqual(['open ', 'request irn_batchFetchMessages', 'restart'])
  })

  test('behavior: one restart at a time, and a failed one is left to the connection monitor', async () => {
    const { core, relayer, calls } = fakeCore({ answer: 'never' })
    let finish = () => {}
    relayer.restartTransport = () => {
      calls.push('restart')
      return new Promise<void>((_, reject) => {
        finish = () => reject(new Error('relay down'))
        setTimeout(finish, 1_000)
      })
    }
    followTransportOpen(core, () => true, 30)
    const first = relayer.transportOpen()
    const second = relayer.transportOpen()
    await wait(60)
    expect(calls.filter((call) => call === 'restart')).toHaveLength(1)
    finish()
    await expect(Promise.all([first, second])).resolves.toBeDefined()
    // Free again after the failure.
    const third = relayer.transportOpen()
    await wait(60)
    finish()
    await third
    expect(calls.filter((call) => call === 'restart')).toHaveLength(2)
  })

  test('behavior: the undo puts the core back as it was; a core without transportOpen or restartTransport is left alone', async () => {
    const { core, relayer, calls, listeners } = fakeCore({ answer: 'never' })
    const original = relayer.transportOpen
    const undo = followTransportOpen(core, () => true, 30)
    expect(relayer.transportOpen).not.toBe(original)
    expect(listeners()).toBe(1)
    undo()
    expect(relayer.transportOpen).toBe(original)
    expect(listeners()).toBe(0)
    // Wrapped again by someone else after: the undo leaves their wrapper.
    const undoAgain = followTransportOpen(core, () => true, 30)
    const theirs = async () => {}
    relayer.transportOpen = theirs
    undoAgain()
    expect(relayer.transportOpen).toBe(theirs)

    expect(followTransportOpen({ relayer: {} } as unknown as ChatSyncCore, () => true)()).toBeUndefined()
    const bare = fakeCore({ answer: 'never' })
    ;(bare.relayer as { restartTransport?: unknown }).restartTransport = undefined
    followTransportOpen(bare.core, () => true, 30)
    await bare.relayer.transportOpen()
    expect(bare.calls).toEqual(['open ', 'request irn_batchFetchMessages'])
    expect(calls).toEqual([])
  })
})
