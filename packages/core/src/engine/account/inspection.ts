import type { RelayUnreachableReason } from '../../errors/relay.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import { CHAT_STORE_IDS } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import { localWriteKey } from '../changes/localWrites.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import type { StoragePosition } from '../persistence/accountStorage.js'
import type { Persister } from '../persistence/createPersister.js'
import type { ConnectionMonitor } from '../relay/createConnectionMonitor.js'
import type { RelayConnectionStatus } from '../relay/relayConnectionStatus.js'
import type { Retention } from '../retention.js'
import type { AccountState } from './accountReducer.js'
import type { CatchUp, CatchUpStatus } from './createCatchUp.js'
import type { Incoming } from './createIncoming.js'
import type { KeepAlive } from './createKeepAlive.js'
import type { Outbox } from './createOutbox.js'

/** The fields of each store's payload that are secret: shown masked, never as they are. */
const SECRET_FIELDS: { readonly [S in ChatStoreId]: readonly string[] } = {
  sentInvites: ['inviterPrivKeyY', 'symKey'],
  threads: ['symKey'],
  inviteKeys: ['privateKey'],
  receivedInviteStatuses: [],
}

/** What secret fields show as. */
export const MASKED = '••••••'

/** `value` with its secret fields (private keys, sym keys) replaced by `MASKED`. */
export function maskSecrets(store: ChatStoreId, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const field of SECRET_FIELDS[store]) if (field in copy) copy[field] = MASKED
  return copy
}

/** One entry of a store, as devtools show it. */
export type InspectedEntry = {
  key: string
  /** The JSON-RPC id of the change the entry holds (its last-writer-wins clock). */
  id: number
  /** A tombstone: the key was deleted (the id is the delete's). */
  deleted: boolean
  /** Whether the entry's change was written on this device (before a reload too) or came from elsewhere. */
  lastWriter: 'local' | 'remote'
  /** The value with its secrets masked; `undefined` for a tombstone. */
  value: unknown
  /** When the newest relay copy of this change was published, as far as this device knows (ms). */
  copyAt: number | undefined
}

/**
 * What the engine knows about one account, for devtools (`client.inspect({ account })`). Secrets (the
 * signature, store keys, private and sym keys in payloads) are never part of it.
 */
export type AccountInspection = {
  account: string
  status: 'syncing' | 'ready'
  catchUp: {
    status: CatchUpStatus['status']
    /** The last completed read of the relay's history. */
    last: { at: number; messages: number; ms: number; rebuilt: boolean } | undefined
  }
  relay: {
    /** The client's link to the relay, as snapshots show it (see `RelayConnectionStatus`). */
    connection: RelayConnectionStatus
    /** Where the relay is (without the query of its URL: no auth token or project id). */
    url: string | undefined
    /** Whether the core's socket is open (it can be open while the relay does not answer). */
    connected: boolean
    closedByApp: boolean
    /** Why it is offline, when the relay could not be reached. */
    failure: { reason: RelayUnreachableReason; message: string } | undefined
  }
  stores: { [S in ChatStoreId]: InspectedEntry[] }
  outbox: {
    items: { store: ChatStoreId; key: string; id: number; method: OutboxItem['method']; sending: boolean }[]
    /** Failed publishes in a row, and whether a retry is waiting for its backoff. */
    failures: number
    retrying: boolean
  }
  storage: { saving: boolean; generation: number; journalEntries: number }
  keepAlive: {
    /** When the next entry is due to be published again (ms since the epoch), as of the last check. */
    nextRefreshAt: number | undefined
    ttlSeconds: number
    refreshAfterSeconds: number
  }
}

/**
 * Every store's entries, newest change first, with the last writer and masked values. `localIds` says
 * which changes were written on this device (see `LocalWrites`).
 */
export function inspectStores(
  stores: ChatSyncStores,
  localIds: ReadonlyMap<string, number>,
  copyAt: (store: ChatStoreId, key: string) => number | undefined,
): AccountInspection['stores'] {
  const out = {} as AccountInspection['stores']
  for (const store of CHAT_STORE_IDS) {
    const { entries, ids } = stores[store]
    out[store] = Object.keys(ids)
      .map((key) => {
        const id = ids[key] as number
        const deleted = !Object.hasOwn(entries, key)
        return {
          key,
          id,
          deleted,
          lastWriter:
            localIds.get(localWriteKey(store, key)) === id ? ('local' as const) : ('remote' as const),
          value: deleted ? undefined : maskSecrets(store, entries[key]),
          copyAt: copyAt(store, key),
        }
      })
      .sort((a, b) => b.id - a.id)
  }
  return out
}

/** The inspection of one account, from the parts of `createAccountSync` that know each piece. */
export function inspectAccount(parts: {
  account: string
  core: ChatSyncCore
  connection: Pick<ConnectionMonitor, 'status' | 'failure' | 'url'>
  state: AccountState
  catchUp: Pick<CatchUp, 'status'>
  incoming: Pick<Incoming, 'last'>
  outbox: Pick<Outbox, 'describe'>
  persister: Pick<Persister, 'pending'>
  position: StoragePosition
  keepAlive: Pick<KeepAlive, 'nextDue' | 'copyAt'>
  retention: Retention
  localIds: ReadonlyMap<string, number>
}): AccountInspection {
  const { items, failures, retrying } = parts.outbox.describe()
  const failure = parts.connection.failure
  return {
    account: parts.account,
    status: parts.state.status,
    catchUp: { status: parts.catchUp.status, last: parts.incoming.last },
    relay: {
      connection: parts.connection.status,
      url: parts.connection.url,
      connected: parts.core.relayer.connected,
      closedByApp: !!parts.core.relayer.transportExplicitlyClosed,
      failure: failure && { reason: failure.reason, message: failure.shortMessage },
    },
    stores: inspectStores(parts.state.stores, parts.localIds, parts.keepAlive.copyAt),
    outbox: {
      items: items.map(({ item, sending }) => ({
        store: item.store,
        key: item.key,
        id: item.id,
        method: item.method,
        sending,
      })),
      failures,
      retrying,
    },
    storage: {
      saving: parts.persister.pending,
      generation: parts.position.generation,
      journalEntries: parts.position.nextSeq - parts.position.journalFrom,
    },
    keepAlive: {
      nextRefreshAt: parts.keepAlive.nextDue,
      ttlSeconds: parts.retention.ttlSeconds,
      refreshAfterSeconds: parts.retention.refreshAfterMs / 1000,
    },
  }
}
