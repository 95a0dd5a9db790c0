import { InvalidStoreKeyError, PayloadTooLargeError } from '../../errors/engine.js'
import type { StoreUpdate } from '../../lww/applyUpdate.js'
import { CHAT_STORES, type ChatStoreId, parseStoreValue } from '../../stores/catalogue.js'
import { ENGINE_LIMITS } from '../limits.js'
import type { OutboxItem } from './outboxItem.js'

/**
 * A write made on this device, checked and not yet given its id: a value with its key and its JSON text
 * (made once, here: the stores apply the value, the outbox and storage keep the text), or a delete.
 */
export type LocalChange =
  | { type: 'set'; key: string; value: unknown; text: string }
  | { type: 'delete'; key: string }

/**
 * A write of `value` to `store`: checked against the store's schema and the size a request may have; its
 * key comes from the value.
 * @throws {PayloadValidationError} when the value fails the store's schema.
 * @throws {PayloadTooLargeError} when its request would be over `ENGINE_LIMITS.maxRequestLength`.
 */
export function localSet(store: ChatStoreId, value: unknown): LocalChange {
  const parsed = parseStoreValue(store, value)
  if (!parsed.ok) throw parsed.error
  const { name, keyOf } = CHAT_STORES[store]
  const text = JSON.stringify(parsed.value)
  const key = (keyOf as (value: unknown) => string)(parsed.value)
  // The request wraps the value text once more (escaped: at most 6 characters each) next to the key and
  // an id. The exact size is measured only when that cheap bound is over the limit, so an ordinary write
  // does not serialise its value a second time.
  const limit = ENGINE_LIMITS.maxRequestLength
  if (6 * (text.length + key.length) + 80 > limit) {
    const size = JSON.stringify(text).length + JSON.stringify(key).length + 80
    if (size > limit) throw new PayloadTooLargeError({ store: name, size, limit })
  }
  return { type: 'set', key, value: parsed.value, text }
}

/**
 * A delete of `key`.
 * @throws {InvalidStoreKeyError} when the key is not a non-empty string a request can carry.
 */
export function localDelete(key: unknown): LocalChange {
  if (typeof key !== 'string' || !key || JSON.stringify(key).length + 80 > ENGINE_LIMITS.maxRequestLength) {
    throw new InvalidStoreKeyError()
  }
  return { type: 'delete', key }
}

/** `change` with its id `id`: as the stores apply it, and as it is published and stored. */
export function withId(
  store: ChatStoreId,
  change: LocalChange,
  id: number,
): { update: StoreUpdate<unknown>; item: OutboxItem } {
  const { key } = change
  return change.type === 'set'
    ? {
        update: { type: 'set', id, key, value: change.value },
        item: { store, method: 'wc_syncSet', id, key, value: change.text },
      }
    : { update: { type: 'delete', id, key }, item: { store, method: 'wc_syncDel', id, key } }
}
