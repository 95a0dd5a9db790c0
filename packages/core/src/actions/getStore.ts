import type { ChatSyncSession } from '../session/createChatSyncSession.js'
import type { StoreView } from '../session/getStoreView.js'
import type { ChatSyncState } from '../session/sessionState.js'
import type { ChatStoreId } from '../stores/catalogue.js'

export type GetStoreParameters<S extends ChatStoreId> = { store: S }
export type GetStoreReturnType<S extends ChatStoreId> = StoreView<S>

/** The session's state, brought up to date first when nothing keeps it current (see `session.state`). */
export function getSessionState(session: ChatSyncSession): ChatSyncState {
  // Subscribing brings the views up to date at once; nothing else is kept.
  session.state.subscribe(() => {})()
  return session.state.getState()
}

/** The view (`{ byKey, data }`) of one store of the session's account. */
export function getStore<S extends ChatStoreId>(
  session: ChatSyncSession,
  { store }: GetStoreParameters<S>,
): GetStoreReturnType<S> {
  return getSessionState(session).stores[store] as StoreView<S>
}

/** The account's sent invites (key: `responseTopic`), newest first. */
export const getSentInvites = (session: ChatSyncSession) => getStore(session, { store: 'sentInvites' })
/** The account's chat threads (key: `topic`). */
export const getThreads = (session: ChatSyncSession) => getStore(session, { store: 'threads' })
/** The account's invite keys (key: `account`). */
export const getInviteKeys = (session: ChatSyncSession) => getStore(session, { store: 'inviteKeys' })
/** The statuses of invites the account received (key: the invite id), newest first. */
export const getReceivedInviteStatuses = (session: ChatSyncSession) =>
  getStore(session, { store: 'receivedInviteStatuses' })
