import type { RelayConnectionStatus } from '../engine/relay/relayConnectionStatus.js'
import type { SessionErrorType, SignatureRejectedError } from '../errors/session.js'
import type { StoreViews } from './getStoreView.js'

/**
 * Where enabling sync stands for the session's account: one union, with the error where there is one.
 * `idle` (not enabled) → `signing` (waiting for the wallet) → `syncing` (registered, catching up) →
 * `ready`; `rejected` when the user declined, `error` for anything else (narrow on `error.name`).
 */
export type SessionState =
  | { status: 'idle'; account: string | undefined; error: undefined }
  | { status: 'signing'; account: string; error: undefined }
  | { status: 'syncing'; account: string; error: undefined }
  | { status: 'ready'; account: string; error: undefined }
  | { status: 'rejected'; account: string; error: SignatureRejectedError }
  | { status: 'error'; account: string | undefined; error: SessionErrorType }

export type SessionStatus = SessionState['status']

/**
 * Everything a session shows, in one zustand vanilla store (`config.state`): its `SessionState`, whether
 * the state shown came from this device's storage (`restored`: it synced here before, so it is complete
 * as of then while `syncing` brings it up to date), the relay connection (`connecting`, `connected`,
 * `offline`: see `RelayConnectionStatus`; independent of the status: a `ready` account can be offline,
 * and shows and saves its writes all the same) and the view of each store of its account. Read it with
 * `getState()`, or with a selector from React (`useStore(config.state, selector)`).
 */
export type ChatSyncState = SessionState & {
  restored: boolean
  connection: RelayConnectionStatus
  stores: StoreViews
}
