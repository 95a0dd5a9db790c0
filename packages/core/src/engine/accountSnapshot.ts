import { emptyLwwMap, type LwwMap } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'
import type { UnsyncedKeys } from './account/createUnsyncedKeys.js'
import type { RelayConnectionStatus } from './relay/relayConnectionStatus.js'

/** Each Chat store's last-writer-wins map for one account. */
export type ChatSyncStores = { readonly [S in ChatStoreId]: LwwMap<ChatStorePayloads[S]> }

/**
 * One account's state. The same object is returned until something changes; a store's map keeps its
 * reference when only another store changed.
 * - `idle`: not registered on this client
 * - `syncing`: registered; local state shown, catching up with the relay
 * - `ready`: caught up and receiving live changes
 * `connection` is the client's link to the relay (`connecting`, `connected`, `offline`; the same for
 * every account of the client, see `RelayConnectionStatus`): an account stays `ready` while offline, and
 * its writes are applied and saved; they wait in the outbox until the relay answers again.
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
  /** The relay connection as this device sees it (the same for every account of a client). */
  readonly connection: RelayConnectionStatus
}

/** Every store empty. */
export const emptyStores = (): ChatSyncStores => byStore(emptyLwwMap) as ChatSyncStores

const noStores = Object.freeze(byStore(() => Object.freeze(emptyLwwMap()))) as ChatSyncStores
const noKeys = Object.freeze(byStore((): ReadonlySet<string> => new Set())) as UnsyncedKeys
const idleSnapshots = {} as Record<RelayConnectionStatus, AccountSnapshot>
for (const connection of ['connecting', 'connected', 'offline'] as const) {
  idleSnapshots[connection] = Object.freeze({
    status: 'idle',
    stores: noStores,
    unsynced: noKeys,
    restored: false,
    connection,
  })
}

/** The snapshot of an account that is not registered here (the same object for the same connection). */
export const idleSnapshot = (connection: RelayConnectionStatus): AccountSnapshot => idleSnapshots[connection]

/** The snapshot of an account that is not registered here, before anything is known of the relay. */
export const EMPTY_SNAPSHOT: AccountSnapshot = idleSnapshot('connecting')
