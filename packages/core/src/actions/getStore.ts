import type { ChatSyncConfig } from '../session/createChatSyncConfig.js'
import type { StoreView } from '../session/getStoreView.js'
import type { ChatStoreId } from '../stores/catalogue.js'

export type GetStoreParameters<S extends ChatStoreId> = { store: S }
export type GetStoreReturnType<S extends ChatStoreId> = StoreView<S>

/** The view (`{ byKey, data, unsynced }`) of one store of the config's account. */
export function getStore<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store }: GetStoreParameters<S>,
): GetStoreReturnType<S> {
  config._internal.flushViews()
  return config.state.getState().stores[store] as StoreView<S>
}

/** The account's sent invites (key: `responseTopic`), newest first. */
export const getSentInvites = (config: ChatSyncConfig) => getStore(config, { store: 'sentInvites' })
/** The account's chat threads (key: `topic`). */
export const getThreads = (config: ChatSyncConfig) => getStore(config, { store: 'threads' })
/** The account's invite keys (key: `account`). */
export const getInviteKeys = (config: ChatSyncConfig) => getStore(config, { store: 'inviteKeys' })
/** The statuses of invites the account received (key: the invite id), newest first. */
export const getReceivedInviteStatuses = (config: ChatSyncConfig) =>
  getStore(config, { store: 'receivedInviteStatuses' })
