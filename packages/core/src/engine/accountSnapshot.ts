import { emptyLwwMap, type LwwMap } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'
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
  readonly connection: RelayConnectionStatus
}

/** Every store empty. */
export const emptyStores = (): ChatSyncStores => byStore(emptyLwwMap) as ChatSyncStores

const noStores = Object.freeze(byStore(() => Object.freeze(emptyLwwMap()))) as ChatSyncStores
const idleSnapshots = {} as Record<RelayConnectionStatus, AccountSnapshot>
for (const connection of ['connecting', 'connected', 'offline'] as const) {
  idleSnapshots[connection] = Object.freeze({ status: 'idle', stores: noStores, connection })
}

/** The snapshot of an account that is not registered here (the same object for the same connection). */
export const idleSnapshot = (connection: RelayConnectionStatus): AccountSnapshot => idleSnapshots[connection]
