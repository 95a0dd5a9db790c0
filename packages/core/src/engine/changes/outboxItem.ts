import type { ChatStoreId } from '../../stores/catalogue.js'

/**
 * A change as it is published (and persisted until the relay accepted it): a `wc_syncSet` with the value's
 * JSON text, or a `wc_syncDel`. Tab messages carry changes in the same form.
 */
export type OutboxItem =
  | { store: ChatStoreId; method: 'wc_syncSet'; id: number; key: string; value: string }
  | { store: ChatStoreId; method: 'wc_syncDel'; id: number; key: string }

/** What tells one change from another (an item without its value). */
export type OutboxItemIdentity = Pick<OutboxItem, 'store' | 'method' | 'id' | 'key'>

/** The identity of an item, without its value. */
export const identityOf = ({ store, method, id, key }: OutboxItemIdentity): OutboxItemIdentity => ({
  store,
  method,
  id,
  key,
})

/** One identity per change: two items with the same key describe the same change. */
export const outboxItemKey = (item: OutboxItemIdentity): string =>
  `${item.store} ${item.method} ${item.id} ${item.key}`

/** Whether two items describe the same change (what `outboxItemKey` says, without building strings). */
export const sameChange = (a: OutboxItem, b: OutboxItem): boolean =>
  a.id === b.id && a.key === b.key && a.store === b.store && a.method === b.method
