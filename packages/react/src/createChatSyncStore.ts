import {
  CHAT_STORE_IDS,
  type ChatStoreId,
  type ChatSyncSession,
  type SessionState,
  type StoreView,
  type StoreViews,
  watchStores,
} from '@chatsync/core'
import { castDraft } from 'immer'
import { immer } from 'zustand/middleware/immer'
import { createStore } from 'zustand/vanilla'

/** The provider's mirror of its session: the sync status and every store's view. */
export type ChatSyncStoreState = { session: SessionState; stores: StoreViews }

/** Fits every store: nothing in it. */
const emptyView: StoreView<never> = Object.freeze({ byKey: Object.freeze({}), data: Object.freeze([]) })

/** A vanilla store holding the mirror; it starts idle and empty, on the server and on the client alike. */
export function createChatSyncStore(session: Pick<ChatSyncSession, 'getState'>) {
  return createStore<ChatSyncStoreState>()(
    immer(() => ({
      session: session.getState(),
      stores: Object.fromEntries(CHAT_STORE_IDS.map((store) => [store, emptyView])) as Record<
        ChatStoreId,
        typeof emptyView
      >,
    })),
  )
}

export type ChatSyncStore = ReturnType<typeof createChatSyncStore>

/**
 * Mounts `session` and feeds `store` from it (status and store changes, batched by core); returns the
 * disconnect (which unmounts).
 */
export function connectChatSyncStore(store: ChatSyncStore, session: ChatSyncSession): () => void {
  const setSession = (state: SessionState) =>
    store.setState((draft) => {
      draft.session = castDraft(state)
    })
  // The session may have moved on since the store was created (assigning the same state changes nothing).
  setSession(session.getState())
  const unsubscribeSession = session.subscribe(setSession)
  const unwatchStores = watchStores(session, {
    onChange: (views) =>
      store.setState((draft) => {
        Object.assign(draft.stores, castDraft(views))
      }),
  })
  const unmount = session.mount()
  return () => {
    unsubscribeSession()
    unwatchStores()
    unmount()
  }
}
