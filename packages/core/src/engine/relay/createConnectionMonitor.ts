import { RelayUnreachableError, type RelayUnreachableReason } from '../../errors/relay.js'
import { backoffDelay } from '../backoff.js'
import { type ChatSyncCore, RELAYER_CONNECT, RELAYER_DISCONNECT, RELAYER_ERROR } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import type { RelayConnectionStatus } from './relayConnectionStatus.js'
import { withTimeout } from './relayRequest.js'
import { relayUrlOf } from './relayUrlOf.js'
import { type SocketAttempt, tryRelaySocket } from './tryRelaySocket.js'

export type ConnectionMonitor = {
  readonly status: RelayConnectionStatus
  /** Why it is offline (`undefined` while not, and when the app closed the transport on purpose). */
  readonly failure: RelayUnreachableError | undefined
  /** Where the relay is, without the query of its URL. */
  readonly url: string | undefined
  /** Starts following the relay (once): checks that it answers, and keeps asking while it does not. */
  want(): void
  /** A relay request of the engine failed: a connection that looked fine is checked again. */
  suspect(): void
  /**
   * Settles once a connection to the relay was refused or closed (at once when it is offline for that),
   * or on stop; not for a relay slow to answer (as under load), nor for a transport the app closed.
   */
  whenConnectionFailed(): Promise<void>
  stop(): void
}

export type CreateConnectionMonitorParameters = {
  core: ChatSyncCore
  /** The status changed; `error` when it went `offline` because the relay could not be reached. */
  onChange(status: RelayConnectionStatus, error: RelayUnreachableError | undefined): void
}

/** A rejection that is the relay's own answer (a JSON-RPC error), not a local failure. */
const isRelayAnswer = (error: unknown) =>
  !(error instanceof Error) && typeof (error as { code?: unknown } | null)?.code === 'number'

/**
 * Follows the relay connection of the core. The core reports a connection that opened or dropped, but
 * nothing about attempts that fail (it retries them for 10 s or more, and its requests then wait for good
 * on a refused connection), and an open connection says nothing about a relay that never answers. So the
 * monitor asks the relay (an empty history fetch, the cheapest request there is) whenever the connection
 * is in doubt, and goes `offline` after `offlineAfterMs` without an answer, or sooner when a connection
 * attempt of its own (which also tells why) fails. While offline it asks again with backoff; the first
 * answer makes it `connected`, which the engine's accounts follow (catch up, send the outbox).
 */
export function createConnectionMonitor({
  core,
  onChange,
}: CreateConnectionMonitorParameters): ConnectionMonitor {
  const url = relayUrlOf(core)
  let status: RelayConnectionStatus = 'connecting'
  let failure: RelayUnreachableError | undefined
  let wanted = false
  let stopped = false
  /** The doubt being settled (between a reason to check and an answer or going offline). */
  let episode:
    | {
        deadline: ReturnType<typeof setTimeout>
        diagnose: ReturnType<typeof setTimeout>
        tried?: SocketAttempt
      }
    | undefined
  /** Set when the connection closed (or the core reported an error) since the relay last answered. */
  let closed = false
  /** The probe in flight; a connection that opened or dropped since makes way for a new one. */
  let probing: object | undefined
  let attempts = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  const offlineWaiters = new Set<() => void>()
  const closedByApp = () => !!core.relayer.transportExplicitlyClosed
  const failed = () => !!failure && failure.reason !== 'timeout'

  function setStatus(next: RelayConnectionStatus, error?: RelayUnreachableError) {
    // The same status is no change, unless its reason goes (the app closed a transport offline for one).
    if (stopped || (next === status && !error && !failure)) return
    status = next
    failure = next === 'offline' ? error : undefined
    if (failed()) {
      for (const resolve of offlineWaiters) resolve()
      offlineWaiters.clear()
    }
    onChange(next, error)
  }

  function endEpisode() {
    if (!episode) return
    clearTimeout(episode.deadline)
    clearTimeout(episode.diagnose)
    episode = undefined
  }

  function goOffline() {
    const tried = episode?.tried
    endEpisode()
    // Offline for a reason already reported: the retries go on.
    if (stopped || failure) return
    if (closedByApp()) return setStatus('offline')
    const reason: RelayUnreachableReason =
      tried === 'refused' ? 'refused' : closed || tried === 'closed' ? 'closed' : 'timeout'
    const details =
      reason === 'timeout'
        ? core.relayer.connected
          ? `The connection is open, but the relay did not answer within ${ENGINE_LIMITS.offlineAfterMs} ms.`
          : `No connection within ${ENGINE_LIMITS.offlineAfterMs} ms.`
        : undefined
    setStatus('offline', new RelayUnreachableError({ url: url ?? 'unknown', reason, details }))
    scheduleRetry()
  }

  /** A connection attempt of our own, to tell why the core's does not answer. */
  function diagnose() {
    const current = episode
    if (!current || current.tried || core.relayer.connected) return
    current.tried = 'timeout'
    void tryRelaySocket(core, ENGINE_LIMITS.offlineAfterMs).then((tried) => {
      if (episode !== current) return
      current.tried = tried
      if (tried === 'refused' || tried === 'closed') goOffline()
    })
  }

  function answered() {
    // A late answer from before the connection dropped says nothing about the connection now.
    if (stopped || !core.relayer.connected) return
    endEpisode()
    closed = false
    attempts = 0
    clearTimeout(retryTimer)
    retryTimer = undefined
    setStatus('connected')
  }

  /** One question to the relay at a time; an answer counts whenever it comes. */
  function probe() {
    if (probing || stopped || closedByApp()) return
    const current = {}
    probing = current
    const request = core.relayer.request({ method: 'irn_batchFetchMessages', params: { topics: [] } })
    request.then(answered, (error: unknown) => {
      if (isRelayAnswer(error)) answered()
    })
    // The core's requests can wait for good (on a refused connection): after a while, ask again.
    withTimeout(request, ENGINE_LIMITS.probeTimeoutMs, 'connection check')
      .catch((error: unknown) => {
        if (isRelayAnswer(error)) return
        // Failed at once (no network, a closed socket): find out why without waiting for the deadline.
        if (episode) {
          clearTimeout(episode.diagnose)
          diagnose()
        }
      })
      .finally(() => {
        if (probing === current) probing = undefined
      })
  }

  /** The connection is in doubt: ask the relay, and go offline when it does not answer in time. */
  function check() {
    if (!wanted || stopped) return
    if (closedByApp()) {
      endEpisode()
      return setStatus('offline')
    }
    // Offline for a reported reason, the retries ask; otherwise (also after the app reopened a transport
    // it closed) an answer is due within the limit.
    if (!episode && !failure) {
      episode = {
        deadline: setTimeout(goOffline, ENGINE_LIMITS.offlineAfterMs),
        diagnose: setTimeout(diagnose, ENGINE_LIMITS.diagnoseAfterMs),
      }
    }
    probe()
  }

  function scheduleRetry() {
    if (retryTimer || stopped || status !== 'offline' || closedByApp()) return
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined
        if (status === 'offline') probe()
        scheduleRetry()
      },
      backoffDelay(attempts++, 1_000, ENGINE_LIMITS.reconnectMaxMs),
    )
  }

  const onConnect = () => {
    probing = undefined
    check()
  }
  const onDisconnect = () => {
    closed = true
    probing = undefined
    if (!wanted) return
    if (status === 'connected') setStatus(closedByApp() ? 'offline' : 'connecting')
    check()
  }
  // A fatal error of the socket (the relay closed it abnormally): the core closes its transport for good,
  // until the app opens it again.
  const onError = (cause: unknown) => {
    closed = true
    if (!wanted || stopped) return
    endEpisode()
    const details = 'The relay closed the connection with an error; the core keeps it closed.'
    setStatus(
      'offline',
      new RelayUnreachableError({ url: url ?? 'unknown', reason: 'closed', details, cause }),
    )
  }
  core.relayer.on(RELAYER_CONNECT, onConnect)
  core.relayer.on(RELAYER_DISCONNECT, onDisconnect)
  core.relayer.on(RELAYER_ERROR, onError)

  return {
    get status() {
      return status
    },
    get failure() {
      return failure
    },
    url,
    want() {
      if (wanted) return
      wanted = true
      check()
    },
    suspect() {
      if (status === 'connected') check()
    },
    whenConnectionFailed() {
      if (failed()) return Promise.resolve()
      return new Promise<void>((resolve) => offlineWaiters.add(resolve))
    },
    stop() {
      stopped = true
      endEpisode()
      clearTimeout(retryTimer)
      core.relayer.off(RELAYER_CONNECT, onConnect)
      core.relayer.off(RELAYER_DISCONNECT, onDisconnect)
      core.relayer.off(RELAYER_ERROR, onError)
      for (const resolve of offlineWaiters) resolve()
      offlineWaiters.clear()
    },
  }
}
