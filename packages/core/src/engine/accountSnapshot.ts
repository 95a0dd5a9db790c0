import { emptyLwwMap, type LwwMap } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'
import type { UnsyncedKeys } from './account/createUnsyncedKeys.js'

/** Each Chat store's last-writer-wins map for one account. */
export type ChatSyncStores = { readonly [S in ChatStoreId]: LwwMap<ChatStorePayloads[S]> }

/**
 * One account's state. The same object is returned until something changes; a store's map keeps its
 * reference when only another store changed.
 * - `idle`: not registered on this client
 * - `syncing`: registered; local state shown, catching up with the relay
 * - `ready`: caught up and receiving live changes
 */
export type AccountSnapshot = {
  readonly status: 'idle' | 'syncing' | 'ready'
  readonly stores: ChatSyncStores
  /** Per store, the keys with a write the relay has not accepted yet (a chat UI's "sending…"). */
  readonly unsynced: UnsyncedKeys
  /**
   * The state shown came from this device's storage (it synced here before): complete as of then, while
   * `syncing` brings it up to date. `false` for an account registered here for the first time.
   */
  readonly restored: boolean
}

/** Every store empty. */
export const emptyStores = (): ChatSyncStores => byStore(emptyLwwMap) as ChatSyncStores

/** The snapshot of an account that is not registered here. */
export const EMPTY_SNAPSHOT: AccountSnapshot = Object.freeze({
  status: 'idle',
  stores: Object.freeze(byStore(() => Object.freeze(emptyLwwMap()))) as ChatSyncStores,
  unsynced: Object.freeze(byStore((): ReadonlySet<string> => new Set())) as UnsyncedKeys,
  restored: false,
})
