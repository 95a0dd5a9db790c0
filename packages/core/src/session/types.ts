import type { AccountInspection } from '../engine/account/inspection.js'
import type { RelayConnectionStatus } from '../engine/relay/relayConnectionStatus.js'
import type { ChatSyncReportedErrorType } from '../engine/types.js'
import type { LwwMap } from '../lww/applyUpdate.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'

/** Each chat store's state for one account. */
export type SessionStores = { [S in ChatStoreId]: LwwMap<ChatStorePayloads[S]> }

/**
 * What the session reads from a client's `getSnapshot`; `connection` is the client's link to the relay
 * (a client that leaves it out counts as `connected`).
 */
export type SessionSnapshot = {
  status: 'idle' | 'syncing' | 'ready'
  stores: SessionStores
  connection?: RelayConnectionStatus | undefined
}

/** One applied batch, as a client's `change` event reports it. */
export type SessionChangeEvent = {
  account: string
  stores: readonly ChatStoreId[]
  source: 'local' | 'remote'
}

/** The events a session uses from a client's `on` (a `ChatSyncClient` has them). */
export type SessionClientEvents = {
  /** One applied batch of changes. */
  change: SessionChangeEvent
  ready: { account: string }
  /** Something went wrong in the background (`account` is undefined for the client as a whole). */
  error: { account: string | undefined; error: ChatSyncReportedErrorType }
}

/** The result of a local write. */
export type SessionWriteResult = {
  key: string
  id: number
  delivered: Promise<void>
  /** Settles once the change is in the device's storage (when the client says). */
  saved?: Promise<void> | undefined
}

/**
 * The part of a chat sync client that a session drives. `createChatSync(…)` returns one; the session
 * depends only on this shape.
 */
export type SessionClient = {
  getMessage(parameters: { account: string }): string | Promise<string>
  register(parameters: { account: string; signature: string }): Promise<unknown>
  restore(parameters: { account: string }): Promise<boolean>
  unregister(parameters: { account: string }): Promise<unknown>
  getSnapshot(parameters: { account: string }): SessionSnapshot
  set<S extends ChatStoreId>(parameters: {
    account: string
    store: S
    value: ChatStorePayloads[S]
  }): Promise<SessionWriteResult>
  delete(parameters: { account: string; store: ChatStoreId; key: string }): Promise<SessionWriteResult>
  /** `'change'` and `'ready'` move the session's state on; `'error'` reaches `watchErrors`. */
  on<E extends keyof SessionClientEvents>(
    event: E,
    handler: (payload: SessionClientEvents[E]) => void,
  ): () => void
  /** When present, what the engine knows about a live account, for devtools (see `ChatSyncClient`). */
  inspect?(parameters: { account: string }): AccountInspection | undefined
  /** When present, called for a client the session created itself, once it is no longer mounted. */
  destroy?(): Promise<void>
}
