import type { ChatSyncCore } from '../chatSyncCore.js'

/**
 * After the app closes the core's transport on purpose and opens it again, the core connects only when it
 * has topics of its own (`transportOpen` returns at once otherwise), and the engine's subscriptions and
 * outbox would wait until something else connected. So the engine follows `transportOpen`: when the core
 * stays disconnected while `needed()`, a request of the engine's opens the connection (the core then
 * reports it, and catching up and publishing resume). Returns the undo.
 *
 * There is no event to follow instead (`@walletconnect/core` 2.25): a `transportOpen()` that returns early
 * emits nothing and leaves `transportExplicitlyClosed` set (only a connection attempt clears it), so
 * nothing the engine can observe tells it the app wants the relay again.
 */
export function followTransportOpen(core: ChatSyncCore, needed: () => boolean): () => void {
  const relayer = core.relayer as { transportOpen?: (...args: unknown[]) => Promise<void> }
  const original = relayer.transportOpen
  if (typeof original !== 'function') return () => {}
  const follow = async function (this: unknown, ...args: unknown[]) {
    await original.apply(this, args)
    if (needed() && !core.relayer.connected) {
      await core.relayer.request({ method: 'irn_batchFetchMessages', params: { topics: [] } }).catch(() => {})
    }
  }
  relayer.transportOpen = follow
  return () => {
    if (relayer.transportOpen === follow) relayer.transportOpen = original
  }
}
