import { type ChatSyncCore, RELAYER_DISCONNECT } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'

/**
 * After the app closes the core's transport on purpose and opens it again, the core connects only when it
 * has topics of its own (`transportOpen` returns at once otherwise), and the engine's subscriptions and
 * outbox would wait until something else connected. So the engine follows `transportOpen`: when the core
 * stays disconnected while `needed()`, a request of the engine's opens the connection (the core then
 * reports it, and catching up and publishing resume). Returns the undo.
 *
 * Why a wrapper rather than the core's events (checked against `@walletconnect/core` 2.25.0, `Relayer` in
 * src/controllers/relayer.ts):
 * - `transportClose()` sets `transportExplicitlyClosed` and drops the socket: `relayer_disconnect`.
 * - `transportOpen()` starts with `if (!this.subscriber.hasAnyTopics) return` (after an info log). The
 *   store topics are subscribed beside the core's subscriber (see `createRelaySubscriptions`), so a core
 *   only chatsync uses has none, and the call changes nothing and emits nothing. `transportExplicitlyClosed`
 *   is cleared only in `connect()` (and when the device goes offline), which that return never reaches.
 * - `relayer_transport_closed` is declared in `RELAYER_EVENTS` and emitted nowhere; `relayer_connect` comes
 *   only once a socket opens; the heartbeat reconnects only while `transportExplicitlyClosed` is false.
 * So "closed, and the app wants it closed" and "the app called `transportOpen()`" look the same from
 * outside: no event, no property, nothing a poll could see either. Asking the relay anyway would reopen
 * what the app closed. Giving the core's subscriber a topic of the engine's would make its own
 * `transportOpen` connect (and report it), but also make it connect at start, reconnect on every drop,
 * resubscribe on every connection, and keep that subscription in the app's core storage.
 *
 * The core calls `transportOpen` itself too: its heartbeat and its reconnect after a drop (both only
 * while the transport is not closed on purpose), the network coming back, a subscription of its own.
 * Through the wrapper, those connect a core without topics of its own too while an account is live, as
 * they would a core with topics.
 *
 * What the wrapper does after an open is for that open only: once the app closes the transport again
 * (a `relayer_disconnect` with `transportExplicitlyClosed` set), an earlier open's follow-up stops.
 */
export function followTransportOpen(
  core: ChatSyncCore,
  needed: () => boolean,
  answerWithinMs: number = ENGINE_LIMITS.offlineAfterMs,
): () => void {
  const relayer = core.relayer as { transportOpen?: (...args: unknown[]) => Promise<void> }
  const original = relayer.transportOpen
  if (typeof original !== 'function') return () => {}
  let restarting = false
  /** Closes by the app (or the core's own, after a fatal socket error) so far. */
  let closes = 0
  const onDisconnect = () => {
    if (core.relayer.transportExplicitlyClosed) closes++
  }
  core.relayer.on(RELAYER_DISCONNECT, onDisconnect)
  /** A new connection in place of the core's (it reopens through `follow`). */
  const restart = async () => {
    if (restarting || !core.relayer.restartTransport) return
    restarting = true
    try {
      await core.relayer.restartTransport()
    } catch {
      // The connection monitor goes on asking the relay, and reports it unreachable.
    } finally {
      restarting = false
    }
  }
  /** Connected, but held closed on purpose (see below). */
  const stale = () => !!core.relayer.connected && !!core.relayer.transportExplicitlyClosed
  /**
   * Waits while `waiting()` and the core's connection attempt runs (at most as long as one can run):
   * `restartTransport` does nothing while one runs.
   */
  const attemptOver = async (waiting: () => boolean) => {
    const until = Date.now() + ENGINE_LIMITS.coreAttemptMaxMs
    while (waiting() && core.relayer.connectionAttemptInProgress && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  /**
   * Replaces a connection the core holds closed on purpose, once the core's attempt that opened it is
   * over (the socket is open before its subscriber has started).
   */
  const replaceStale = async (wanted: () => boolean) => {
    await attemptOver(() => stale() && wanted())
    if (stale() && wanted()) await restart()
  }
  const follow = async function (this: unknown, ...args: unknown[]) {
    const closesBefore = closes
    /** Needed, and not closed by the app since this open. */
    const wanted = () => needed() && closes === closesBefore
    await original.apply(this, args)
    if (!wanted()) return
    if (core.relayer.connected) {
      // A connection attempt under way when the app closed the transport (the core reconnecting after a
      // drop, say) still opens its socket: the core is then connected but keeps `transportExplicitlyClosed`,
      // which its `connect()` clears (or the device going offline), and which `transportOpen` without topics
      // of its own never reaches. The engine would go on taking the transport for closed on purpose (no publish, no
      // connection check) for good. The app opening it is the sign to replace that connection.
      await replaceStale(wanted)
      return
    }
    const answered = await settlesWithin(
      core.relayer.request({ method: 'irn_batchFetchMessages', params: { topics: [] } }),
      answerWithinMs,
    )
    // A transport closed while the core was still connecting (e.g. just after the relay came back) can
    // also leave the core a connection that never opens: every request then waits on it for good, and so
    // would the engine. A new connection in its place is the way out, but not while the core is still in
    // the attempt it began before the close (reconnecting while the relay was down): a restart then does
    // nothing, and the device would stay offline for good. That attempt gives up on its own (the app
    // closed the transport), so the new connection comes once it is over, unless it connected. An
    // attempt that connects (the request above may have waited for it) leaves the state described above.
    await attemptOver(() => wanted() && !core.relayer.connected)
    if (!wanted()) return
    if (answered || core.relayer.connected) await replaceStale(wanted)
    else await restart()
  }
  relayer.transportOpen = follow
  return () => {
    core.relayer.off(RELAYER_DISCONNECT, onDisconnect)
    if (relayer.transportOpen === follow) relayer.transportOpen = original
  }
}

/** Whether `request` settles (answered or refused) within `ms`. */
function settlesWithin(request: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    const settle = () => {
      clearTimeout(timer)
      resolve(true)
    }
    request.then(settle, settle)
  })
}
