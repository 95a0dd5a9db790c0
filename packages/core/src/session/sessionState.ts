import type { RelayConnectionStatus } from '../engine/relay/relayConnectionStatus.js'
import type { BaseError } from '../errors/base.js'
import type { SignatureRejectedError } from '../errors/session.js'
import type { StoreViews } from './getStoreView.js'

/**
 * Where enabling sync stands for the session's account: one union, with the error where there is one.
 * `idle` (not enabled) → `signing` (waiting for the wallet) → `syncing` (registered, catching up) →
 * `ready`; `rejected` when the user declined, `error` for anything else.
 */
export type SessionState =
  | { status: 'idle'; account: string | undefined; error: undefined }
  | { status: 'signing'; account: string; error: undefined }
  | { status: 'syncing'; account: string; error: undefined }
  | { status: 'ready'; account: string; error: undefined }
  | { status: 'rejected'; account: string; error: SignatureRejectedError }
  | { status: 'error'; account: string | undefined; error: BaseError }

export type SessionStatus = SessionState['status']

/**
 * Everything a session shows: its `SessionState`, the relay connection (`connecting`, `connected`,
 * `offline`: see `RelayConnectionStatus`; independent of the status: a `ready` account can be offline,
 * and shows and saves its writes all the same) and the view of each store of its account. Held in a
 * zustand vanilla store (`session.state`): read it with `getState()`, or with a selector from React
 * (`useStore(session.state, selector)`).
 */
export type ChatSyncState = SessionState & { connection: RelayConnectionStatus; stores: StoreViews }
