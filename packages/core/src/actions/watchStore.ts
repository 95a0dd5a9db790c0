import type { ChatSyncConfig } from '../session/createChatSyncConfig.js'
import type { StoreView } from '../session/getStoreView.js'
import type { ChatStoreId } from '../stores/catalogue.js'

export type WatchStoreParameters<S extends ChatStoreId> = {
  store: S
  /** Called with the store's new view whenever it changes (remote bursts coalesced, see `watchStores`). */
  onChange(view: StoreView<S>, previous: StoreView<S>): void
}

/** Watches one store of the config's account (not called at once). Returns the unsubscribe. */
export function watchStore<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store, onChange }: WatchStoreParameters<S>,
): () => void {
  return config.state.subscribe((state, previous) => {
    const view = state.stores[store] as StoreView<S>
    const before = previous.stores[store] as StoreView<S>
    if (view !== before) onChange(view, before)
  })
}

type WatchOne<S extends ChatStoreId> = Omit<WatchStoreParameters<S>, 'store'>

/** Watches the account's sent invites. */
export const watchSentInvites = (config: ChatSyncConfig, parameters: WatchOne<'sentInvites'>) =>
  watchStore(config, { ...parameters, store: 'sentInvites' })
/** Watches the account's chat threads. */
export const watchThreads = (config: ChatSyncConfig, parameters: WatchOne<'threads'>) =>
  watchStore(config, { ...parameters, store: 'threads' })
/** Watches the account's invite keys. */
export const watchInviteKeys = (config: ChatSyncConfig, parameters: WatchOne<'inviteKeys'>) =>
  watchStore(config, { ...parameters, store: 'inviteKeys' })
/** Watches the statuses of invites the account received. */
export const watchReceivedInviteStatuses = (
  config: ChatSyncConfig,
  parameters: WatchOne<'receivedInviteStatuses'>,
) => watchStore(config, { ...parameters, store: 'receivedInviteStatuses' })
