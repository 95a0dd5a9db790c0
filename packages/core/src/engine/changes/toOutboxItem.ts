import type { StoreUpdate } from '../../lww/applyUpdate.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import type { OutboxItem } from './outboxItem.js'

/**
 * A store update in the form changes are published, stored (outbox, journal) and told to other tabs:
 * the value as its JSON text.
 */
export function toOutboxItem(store: ChatStoreId, update: StoreUpdate<unknown>): OutboxItem {
  const { id, key } = update
  return update.type === 'set'
    ? { store, method: 'wc_syncSet', id, key, value: JSON.stringify(update.value) }
    : { store, method: 'wc_syncDel', id, key }
}
