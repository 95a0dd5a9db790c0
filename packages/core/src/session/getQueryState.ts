import type { ChatSyncState } from './sessionState.js'

/**
 * A store read's status in TanStack Query's words, from the config's state:
 * - `status`: `pending` while there is nothing to show yet (no account enabled, waiting for the
 *   signature, or a first sync on this device), `success` once there is (this device's stored state, even
 *   while it catches up, or the relay's), `error` when enabling failed or was declined;
 * - `fetchStatus`: `fetching` while signing or catching up with the relay, `paused` while it would catch
 *   up but the relay is unreachable, else `idle`.
 */
export type QueryState = {
  status: 'pending' | 'success' | 'error'
  fetchStatus: 'fetching' | 'paused' | 'idle'
  error: NonNullable<ChatSyncState['error']> | null
}

const cache = new WeakMap<ChatSyncState, QueryState>()
const states = new Map<string, QueryState>()

/** The query state of `state` (the same object for the same status, fetch status and error). */
export function getQueryState(state: ChatSyncState): QueryState {
  const known = cache.get(state)
  if (known) return known
  const { status: session, restored, error } = state
  const status =
    session === 'error' || session === 'rejected'
      ? 'error'
      : session === 'ready' || (session === 'syncing' && restored)
        ? 'success'
        : 'pending'
  const fetchStatus =
    session === 'syncing' && state.connection === 'offline'
      ? 'paused'
      : session === 'signing' || session === 'syncing'
        ? 'fetching'
        : 'idle'
  let result: QueryState
  if (error) result = { status, fetchStatus, error }
  else {
    const name = `${status} ${fetchStatus}`
    result = states.get(name) ?? { status, fetchStatus, error: null }
    states.set(name, result)
  }
  cache.set(state, result)
  return result
}
