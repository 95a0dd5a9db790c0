import type { ChatSyncSession } from '../session/createChatSyncSession.js'
import type { StoreView } from '../session/getStoreView.js'
import type { ChatStoreId } from '../stores/catalogue.js'

export type WatchStoreParameters<S extends ChatStoreId> = {
  store: S
  /** Called with the store's new view whenever it changes (remote bursts coalesced, see `watchStores`). */
  onChange(view: StoreView<S>, previous: StoreView<S>): void
}

/** Watches one store of the session's account; keeps the session's state current meanwhile. Returns the unsubscribe. */
export function watchStore<S extends ChatStoreId>(
  session: ChatSyncSession,
  { store, onChange }: WatchStoreParameters<S>,
): () => void {
  return session.state.subscribe((state, previous) => {
    const view = state.stores[store] as StoreView<S>
    const before = previous.stores[store] as StoreView<S>
    if (view !== before) onChange(view, before)
  })
}

type WatchOne<S extends ChatStoreId> = Omit<WatchStoreParameters<S>, 'store'>

/** Watches the account's sent invites. */
export const watchSentInvites = (session: ChatSyncSession, parameters: WatchOne<'sentInvites'>) =>
  watchStore(session, { ...parameters, store: 'sentInvites' })
/** Watches the account's chat threads. */
export const watchThreads = (session: ChatSyncSession, parameters: WatchOne<'threads'>) =>
  watchStore(session, { ...parameters, store: 'threads' })
/** Watches the account's invite keys. */
export const watchInviteKeys = (session: ChatSyncSession, parameters: WatchOne<'inviteKeys'>) =>
  watchStore(session, { ...parameters, store: 'inviteKeys' })
/** Watches the statuses of invites the account received. */
export const watchReceivedInviteStatuses = (
  session: ChatSyncSession,
  parameters: WatchOne<'receivedInviteStatuses'>,
) => watchStore(session, { ...parameters, store: 'receivedInviteStatuses' })
