import type { ChatStoreId } from '../../stores/catalogue.js'
import { CHAT_STORE_IDS } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../outboxItem.js'
import type { CatchUpStatus } from './createCatchUp.js'

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
  /** Whether the change the entry holds was written on this device (in this run) or came from elsewhere. */
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
  relay: { connected: boolean; closedByApp: boolean }
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

/** Every store's entries, newest change first, with the last writer and masked values. */
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
          lastWriter: localIds.get(`${store}\u0000${key}`) === id ? ('local' as const) : ('remote' as const),
          value: deleted ? undefined : maskSecrets(store, entries[key]),
          copyAt: copyAt(store, key),
        }
      })
      .sort((a, b) => b.id - a.id)
  }
  return out
}
