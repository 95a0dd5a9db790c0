import { CHAT_STORE_IDS, type ChatStoreId } from './catalogue.js'

/** A record with one value per Chat store, made by `make` in `CHAT_STORE_IDS` order. */
export function byStore<T>(make: (storeId: ChatStoreId) => T): Record<ChatStoreId, T> {
  return Object.fromEntries(CHAT_STORE_IDS.map((storeId) => [storeId, make(storeId)])) as Record<
    ChatStoreId,
    T
  >
}
