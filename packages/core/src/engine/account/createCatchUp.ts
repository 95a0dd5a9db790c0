import { RelayDisconnectedError, RelayRequestError } from '../../errors/relay.js'
import { backoffDelay } from '../backoff.js'

/**
 * Where catching up with the relay stands:
 * - `idle`: not running (caught up, or never asked)
 * - `rebuilding`: reading everything the relay stores under a fresh client identity (after an unclean
 *   stop, see `readerMarker.ts`, or a read of the history that failed: see `readHistory`)
 * - `fetching`: reading the stored history (again after subscribing, for what came in between)
 * - `subscribing`: subscribing the store topics
 * - `retrying`: the last attempt failed; the next one starts after a backoff (or on reconnect)
 * - `stopped`: the account stopped; nothing runs again
 * While running, `again` says another run was asked for meanwhile.
 */
export type CatchUpStatus =
  | { status: 'idle' }
  | { status: 'rebuilding' | 'fetching' | 'subscribing'; again: boolean }
  | { status: 'retrying'; timer: ReturnType<typeof setTimeout> }
  | { status: 'stopped' }

export type CatchUp = {
  /** Catch up now, or once more after the run in progress (requests collapse into one more run). */
  request(): void
  /** A relay connection opened (`isReconnect` when one was open before): subscriptions are gone. */
  connected(isReconnect: boolean): void
  /** The relay connection dropped: the relay forgot the subscriptions. */
  disconnected(): void
  stop(): void
  /** Settles after the first attempt, whether it succeeded or not. */
  readonly firstAttempt: Promise<void>
  readonly status: CatchUpStatus['status']
}

export type CreateCatchUpParameters = {
  account: string
  /** Fetches and applies the stored messages; `caughtUp` once subscribed (the account is ready then). */
  fetch(caughtUp: boolean): Promise<void>
  /** Subscribes the store topics. */
  subscribe(): Promise<void>
  /**
   * Reads everything the relay stores under a fresh identity (`false`: not possible here). Run first,
   * until it succeeds once, when `rebuildFirst`, and after a read of the history that failed.
   */
  rebuild?: (() => Promise<boolean>) | undefined
  rebuildFirst?: boolean | undefined
  onError(error: RelayRequestError): void
  /** Whether a retry may be scheduled (not while the app keeps the transport closed on purpose). */
  mayRetry(): boolean
}

/**
 * Catching up with the relay: history first (decoded by the engine: through the core's relayer pipeline
 * each message would cost a storage write of its whole message record), then the subscription, then
 * whatever was published in between. Failures are reported and retried with backoff, at once when the
 * connection changed meanwhile.
 */
export function createCatchUp(parameters: CreateCatchUpParameters): CatchUp {
  const { account, fetch, subscribe, onError, mayRetry, rebuild } = parameters
  let state: CatchUpStatus = { status: 'idle' }
  let mustRebuild = !!parameters.rebuildFirst && !!rebuild
  /** Whether the relay holds our subscription on the current connection. */
  let subscribed = false
  /** Consecutive failed attempts (the backoff grows with them). */
  let failures = 0
  let settleFirst: () => void = () => {}
  const firstAttempt = new Promise<void>((resolve) => {
    settleFirst = resolve
  })
  /** Rejectors of the relay operations in progress (all on the current connection). */
  const onConnectionLost = new Set<(error: Error) => void>()

  const isRunning = () =>
    state.status === 'rebuilding' || state.status === 'fetching' || state.status === 'subscribing'
  const isStopped = () => state.status === 'stopped'

  /**
   * `operation`, or a rejection as soon as its connection is gone: a request sent on a connection that
   * died gets no answer, and waiting for its timeout would delay catching up on the new one. (The
   * operation itself goes on; whatever it still applies is harmless.)
   */
  function untilConnectionLost<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      onConnectionLost.add(reject)
      operation.then(resolve, reject).finally(() => onConnectionLost.delete(reject))
    })
  }

  function abandon() {
    for (const reject of [...onConnectionLost]) reject(new RelayDisconnectedError())
  }

  /** Moves to a running phase, keeping a pending `again`. */
  function enter(status: 'rebuilding' | 'fetching' | 'subscribing') {
    const again = isRunning() ? (state as { again: boolean }).again : false
    state = { status, again }
  }

  /**
   * Reads the relay's history. The relay counts what a page returns as delivered to this client once it
   * sends it, answered or not: a read that fails or is given up (its connection lost, a request timed
   * out, a page dropped after an earlier one failed) may have cost pages that this client id never gets
   * again. The next attempt then reads everything the relay stores under a fresh identity first.
   */
  async function readHistory(caughtUp: boolean) {
    try {
      await untilConnectionLost(fetch(caughtUp))
    } catch (error) {
      if (rebuild && !isStopped()) mustRebuild = true
      throw error
    }
  }

  async function attempt() {
    let operation: 'fetch' | 'subscribe' = 'fetch'
    try {
      if (mustRebuild && rebuild) {
        enter('rebuilding')
        // On a connection of its own: a reconnect of the core's does not concern it.
        await rebuild()
        mustRebuild = false
        if (isStopped()) return
      }
      if (!subscribed) {
        enter('fetching')
        await readHistory(false)
        if (isStopped()) return
        operation = 'subscribe'
        enter('subscribing')
        await untilConnectionLost(subscribe())
        subscribed = true
        operation = 'fetch'
      }
      if (isStopped()) return
      enter('fetching')
      await readHistory(true)
    } catch (cause) {
      throw new RelayRequestError({ operation, account, cause })
    }
  }

  async function run() {
    state = { status: 'fetching', again: false }
    let retryNow = false
    try {
      do {
        if (isRunning()) state = { status: 'fetching', again: false }
        await attempt()
      } while (isRunning() && (state as { again: boolean }).again)
      failures = 0
      if (isRunning()) state = { status: 'idle' }
    } catch (error) {
      if (!isStopped()) {
        onError(error as RelayRequestError)
        // When the connection changed while this attempt ran, try again on the new one right away.
        retryNow = isRunning() && (state as { again: boolean }).again
        state = { status: 'idle' }
        if (!retryNow) scheduleRetry()
      }
    }
    if (retryNow) void run()
    else settleFirst()
  }

  function scheduleRetry() {
    // After an explicit close by the app, wait for it to reopen the transport (`connected`).
    if (state.status !== 'idle' || !mayRetry()) return
    state = { status: 'retrying', timer: setTimeout(request, backoffDelay(failures++)) }
  }

  function request() {
    if (state.status === 'stopped') return
    if (state.status === 'retrying') clearTimeout(state.timer)
    if (isRunning()) (state as { again: boolean }).again = true
    else void run()
  }

  return {
    request,
    connected(isReconnect) {
      if (isStopped()) return
      // A new connection has no subscriptions on the relay, whether or not a disconnect was reported
      // (the core does not always emit one).
      subscribed = false
      // Requests still waiting from before a reconnect went out on the old connection. On the first
      // connection they are the ones that opened it, and are answered.
      if (isReconnect) abandon()
      failures = 0
      request()
    },
    disconnected() {
      if (isStopped()) return
      subscribed = false
      abandon()
      // The core reconnects by itself only when it has topics of its own; otherwise catching up again
      // (after a backoff) is what reconnects.
      if (isRunning()) (state as { again: boolean }).again = true
      else scheduleRetry()
    },
    stop() {
      if (state.status === 'retrying') clearTimeout(state.timer)
      state = { status: 'stopped' }
      settleFirst()
    },
    firstAttempt,
    get status() {
      return state.status
    },
  }
}
