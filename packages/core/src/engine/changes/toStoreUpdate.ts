import type { StoreUpdate } from '../../lww/applyUpdate.js'
import type { Result } from '../../result.js'
import { CHAT_STORES, type ChatStore, type ChatStoreId, parseStoreValue } from '../../stores/catalogue.js'

/** What a change is made of as it travels: a sync request's params, or an outbox item's fields. */
export type ChangeFields = { method: 'wc_syncSet' | 'wc_syncDel'; id: number; key: string; value?: string }

/** Why a change cannot be applied. */
export type ChangeRejection = { reason: 'invalid-payload' | 'key-mismatch'; cause?: unknown }

/**
 * The store update a change stands for (a well-formed sync request, or an outbox item from storage or
 * another tab): its value must pass the store's schema, and its key must be the one the value gives.
 */
export function toStoreUpdate(
  storeId: ChatStoreId,
  { method, id, key, value }: ChangeFields,
): Result<StoreUpdate<unknown>, ChangeRejection> {
  if (method === 'wc_syncDel') return { ok: true, value: { type: 'delete', id, key } }
  const parsed = parseStoreValue(storeId, value)
  if (!parsed.ok) return { ok: false, error: { reason: 'invalid-payload', cause: parsed.error } }
  if ((CHAT_STORES[storeId] as ChatStore).keyOf(parsed.value) !== key) {
    return { ok: false, error: { reason: 'key-mismatch' } }
  }
  return { ok: true, value: { type: 'set', id, key, value: parsed.value } }
}
