import type { BaseError } from '@chatsync/core'
import type { ChatState } from '../client/chatState.js'

/**
 * A chat read's status in TanStack Query's words:
 * - `status`: `success` once what this device keeps of the account's chat is shown (`isLoaded`: from the
 *   stored state on, while the relay is read), `error` when the chat could not start before that (or the
 *   identity signature was declined), else `pending`;
 * - `fetchStatus`: `fetching` while the chat starts or waits for the identity signature, else `idle`.
 */
export type ChatQueryState = {
  status: 'pending' | 'success' | 'error'
  fetchStatus: 'fetching' | 'idle'
  error: BaseError | null
}

const cache = new WeakMap<ChatState, ChatQueryState>()
const shared = new Map<string, ChatQueryState>()

/** The query state of the chat's `state` (the same object for the same status, fetch status and error). */
export function getChatQueryState(state: ChatState): ChatQueryState {
  const known = cache.get(state)
  if (known) return known
  const failed = state.status === 'error' || state.status === 'rejected'
  const status = state.isLoaded ? 'success' : failed ? 'error' : 'pending'
  const fetchStatus = state.status === 'starting' || state.status === 'signing' ? 'fetching' : 'idle'
  let result: ChatQueryState
  if (status === 'error') result = { status, fetchStatus, error: state.error ?? null }
  else {
    const name = `${status} ${fetchStatus}`
    result = shared.get(name) ?? { status, fetchStatus, error: null }
    shared.set(name, result)
  }
  cache.set(state, result)
  return result
}
