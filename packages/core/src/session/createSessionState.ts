import { createStore, type StoreApi } from 'zustand/vanilla'
import { byStore } from '../stores/byStore.js'
import type { StoreView, StoreViews } from './getStoreView.js'
import type { ChatSyncState, SessionState } from './sessionState.js'

/** Fits every store: nothing in it. */
const emptyView: StoreView<never> = Object.freeze({
  byKey: Object.freeze({}),
  data: Object.freeze([]),
  unsynced: new Set<string>(),
})

/** Every store's empty view (no account enabled). */
export const EMPTY_VIEWS: StoreViews = Object.freeze(byStore(() => emptyView)) as StoreViews

export type SessionStateApi = StoreApi<ChatSyncState>

/** The session's status fields, as one object that keeps its reference until one of them changes. */
export type SessionStateReader = {
  /** The `SessionState` part of the store's state (the same object until status, account or error change). */
  get(): SessionState
  /** Calls `listener` after each change of the status, account or error. */
  subscribe(listener: (state: SessionState) => void): () => void
}

/**
 * The zustand vanilla store behind a session, the only copy of its state: the status, its account and
 * error, and the account's store views. It starts idle and empty, on the server and on the client alike.
 * Only the session writes it.
 */
export function createSessionState(initial: SessionState): {
  api: SessionStateApi
  session: SessionStateReader
} {
  const api = createStore<ChatSyncState>()(() => ({
    ...initial,
    restored: false,
    connection: 'connecting',
    stores: EMPTY_VIEWS,
  }))
  let last: SessionState = initial
  const get = (): SessionState => {
    const { status, account, error } = api.getState()
    if (status !== last.status || account !== last.account || error !== last.error) {
      last = { status, account, error } as SessionState
    }
    return last
  }
  return {
    api,
    session: {
      get,
      subscribe(listener) {
        let previous = get()
        return api.subscribe(() => {
          const next = get()
          if (next === previous) return
          previous = next
          listener(next)
        })
      },
    },
  }
}
