import { castDraft } from 'immer'
import { immer } from 'zustand/middleware/immer'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { byStore } from '../stores/byStore.js'
import type { StoreView, StoreViews } from './getStoreView.js'
import type { ChatSyncState, SessionState } from './sessionState.js'

/** Fits every store: nothing in it. */
const emptyView: StoreView<never> = Object.freeze({ byKey: Object.freeze({}), data: Object.freeze([]) })

export type SessionStateApi = StoreApi<ChatSyncState>

/**
 * The zustand vanilla store (with immer) behind a session: its status and its account's store views. It
 * starts idle and empty, on the server and on the client alike. Only the session writes it.
 */
export function createSessionState(session: SessionState) {
  const api = createStore<ChatSyncState>()(
    immer(() => ({
      ...session,
      stores: byStore(() => emptyView) as StoreViews,
    })),
  )
  return {
    api: api as SessionStateApi,
    /** The session's status changed. */
    setSession(next: SessionState) {
      api.setState((draft) => {
        draft.status = next.status
        draft.account = next.account
        draft.error = castDraft(next.error) as never
      })
    },
    /** Some stores' views changed. */
    setViews(views: Partial<StoreViews>) {
      api.setState((draft) => {
        Object.assign(draft.stores, castDraft(views))
      })
    },
  }
}
