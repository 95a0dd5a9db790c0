import type { StoreUpdate } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import type { OutboxItem } from './outboxItem.js'
import { toStoreUpdate } from './toStoreUpdate.js'

/** Updates by store, each list in the order they arrived. */
export type StoreUpdates = Record<ChatStoreId, StoreUpdate<unknown>[]>

export const emptyUpdates = (): StoreUpdates => byStore(() => [])

/**
 * The updates `items` stand for, by store and in order. An item whose value fails its store's schema or
 * names another key (see `toStoreUpdate`) is left out.
 */
export function toStoreUpdates(items: Iterable<OutboxItem>): StoreUpdates {
  const updates = emptyUpdates()
  for (const item of items) {
    const update = toStoreUpdate(item.store, item)
    if (update.ok) updates[item.store].push(update.value)
  }
  return updates
}
