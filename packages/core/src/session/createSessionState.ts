import { castDraft } from 'immer'
import { immer } from 'zustand/middleware/immer'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { byStore } from '../stores/byStore.js'
import type { StoreView, StoreViews } from './getStoreView.js'
import type { ChatSyncState, SessionState } from './sessionState.js'
import { watchConnection } from './watchConnection.js'
import { createViewTracker, type ViewSource, watchViews } from './watchViews.js'

/** Fits every store: nothing in it. */
const emptyView: StoreView<never> = Object.freeze({ byKey: Object.freeze({}), data: Object.freeze([]) })

export type SessionStateApi = StoreApi<ChatSyncState>

/**
 * The zustand vanilla store (with immer) behind a session: its status, the relay connection and its
 * account's store views. It starts idle, `connecting` and empty, on the server and on the client alike.
 * Only the session writes it. The views and the connection follow the client (see `watchViews`,
 * `watchConnection`) while held: by a mount, or by any subscriber of the store.
 */
export function createSessionState(session: SessionState, source: () => ViewSource) {
  const api = createStore<ChatSyncState>()(
    immer(() => ({
      ...session,
      connection: 'connecting' as const,
      stores: byStore(() => emptyView) as StoreViews,
    })),
  )
  const setViews = (views: Partial<StoreViews>) =>
    api.setState((draft) => {
      Object.assign(draft.stores, castDraft(views))
    })
  const setConnection = (connection: ChatSyncState['connection']) => {
    if (api.getState().connection !== connection)
      api.setState((draft) => {
        draft.connection = connection
      })
  }
  const tracker = createViewTracker()
  let holds = 0
  let stopFeed: (() => void) | undefined

  /** Keeps the store views current until the returned function is called. */
  function hold(): () => void {
    if (holds++ === 0) {
      const stopViews = watchViews(source(), { onChange: setViews }, tracker)
      const stopConnection = watchConnection(source(), setConnection)
      stopFeed = () => {
        stopViews()
        stopConnection()
      }
    }
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
      api.setState((draft) => {
        draft.status = next.status
        draft.account = next.account
        draft.error = castDraft(next.error) as never
      })
    },
  }
}
