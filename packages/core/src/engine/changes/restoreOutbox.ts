import { isRecord } from '../../isRecord.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import { isSyncId } from '../../wire/syncRequest.js'
import type { OutboxItem, OutboxItemIdentity } from './outboxItem.js'

/*
 * Items read from outside the engine (a stored record or journal entry, another tab's message) are
 * checked field by field: a known store, a sync method, a valid id, a text key (and a text value for a
 * set). Their values are checked against the store's schema where they are applied (`toStoreUpdate`).
 */

/** Outbox items from outside (a stored record, another tab); malformed ones are left out. */
export function restoreOutbox(raw: unknown): OutboxItem[] {
  const items: OutboxItem[] = []
  for (const item of Array.isArray(raw) ? raw : []) {
    const identity = identityIn(item)
    const value = isRecord(item) ? item.value : undefined
    if (identity?.method === 'wc_syncDel') items.push({ ...identity, method: 'wc_syncDel' })
    else if (identity && typeof value === 'string') items.push({ ...identity, method: 'wc_syncSet', value })
  }
  return items
}

/** The well-formed item identities of `raw` (values, if any, are not kept). */
export function restoreIdentities(raw: unknown): OutboxItemIdentity[] {
  const identities: OutboxItemIdentity[] = []
  for (const item of Array.isArray(raw) ? raw : []) {
    const identity = identityIn(item)
    if (identity) identities.push(identity)
  }
  return identities
}

function identityIn(item: unknown): OutboxItemIdentity | undefined {
  if (!isRecord(item)) return undefined
  const { method, id, key } = item
  const store = item.store as ChatStoreId
  if (!CHAT_STORE_IDS.includes(store) || !isSyncId(id) || typeof key !== 'string') return undefined
  return method === 'wc_syncSet' || method === 'wc_syncDel' ? { store, method, id, key } : undefined
}
