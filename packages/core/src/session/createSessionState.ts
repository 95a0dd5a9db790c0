import { createStore, type StoreApi } from 'zustand/vanilla'
import { byStore } from '../stores/byStore.js'
import type { StoreView, StoreViews } from './getStoreView.js'
import type { ChatSyncState, SessionState } from './sessionState.js'
import { createViewTracker, type ViewSource, watchViews } from './watchViews.js'

/** Fits every store: nothing in it. */
const emptyView: StoreView<never> = Object.freeze({ byKey: Object.freeze({}), data: Object.freeze([]) })

export type SessionStateApi = StoreApi<ChatSyncState>

/**
 * The zustand vanilla store behind a session: its status and its account's store views. It starts idle
 * and empty, on the server and on the client alike. Only the session writes it, with plain immutable
 * updates (a new state object, the views that did not change kept). The views follow the client (see
 * `watchViews`) while held: by a mount, or by any subscriber of the store.
 */
export function createSessionState(session: SessionState, source: () => ViewSource) {
  const api = createStore<ChatSyncState>()(() => ({
    ...session,
    stores: byStore(() => emptyView) as StoreViews,
  }))
  const setViews = (views: Partial<StoreViews>) =>
    api.setState((state) => ({ stores: { ...state.stores, ...views } }))
  const tracker = createViewTracker()
  let holds = 0
  let stopFeed: (() => void) | undefined

  /** Keeps the store views current until the returned function is called. */
  function hold(): () => void {
    if (holds++ === 0) stopFeed = watchViews(source(), { onChange: setViews }, tracker)
    let held = true
    return () => {
      if (!held) return
      held = false
      if (--holds === 0) {
        stopFeed?.()
        stopFeed = undefined
      }
    }
  }
  const subscribe = api.subscribe
  api.subscribe = (listener) => {
    const release = hold()
    const unsubscribe = subscribe(listener)
    return () => {
      unsubscribe()
      release()
    }
  }

  return {
    api: api as SessionStateApi,
    hold,
    /** The session's status changed. */
    setSession(next: SessionState) {
      const state = api.getState()
      // The same status again notifies no one.
      const changed = (Object.keys(next) as (keyof SessionState)[]).some((key) => state[key] !== next[key])
      if (changed) api.setState({ ...next } as Partial<ChatSyncState>)
    },
  }
}
