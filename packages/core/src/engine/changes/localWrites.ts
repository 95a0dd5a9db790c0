import type { ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import type { OutboxItemIdentity } from './outboxItem.js'

/**
 * Which entries hold a change written on this device (in this tab or another one of it): per store and
 * key (`localWriteKey`), the id of the last change written here. An entry's change is local while its id
 * is that one; a newer change from elsewhere replaces it. Devtools show it as the entry's last writer.
 * It outlives a reload: a snapshot keeps the keys whose current change is local, and the writes a journal
 * entry adds to the outbox are local (see `persistedAccount.ts`, `accountStorage.ts`).
 */
export type LocalWrites = Map<string, number>

/** The key of an entry in `LocalWrites`. */
export const localWriteKey = (store: ChatStoreId, key: string): string => `${store}\u0000${key}`

/** Records these changes as written on this device (an older id never replaces a newer one). */
export function addLocalWrites(local: LocalWrites, items: Iterable<OutboxItemIdentity>): void {
  for (const { store, key, id } of items) {
    const name = localWriteKey(store, key)
    if ((local.get(name) ?? 0) < id) local.set(name, id)
  }
}

/** What `a` and `b` know of this device's writes: per entry, the newer id. */
export function mergeLocalWrites(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
): LocalWrites {
  const merged: LocalWrites = new Map(a)
  for (const [name, id] of b) if ((merged.get(name) ?? 0) < id) merged.set(name, id)
  return merged
}

/**
 * Per store, the keys of `stores` whose current change is the one written here (a store without any is
 * left out): what a snapshot keeps, in proportion to the account rather than to its history.
 */
export function localKeysOf(
  local: ReadonlyMap<string, number>,
  stores: ChatSyncStores,
): Partial<Record<ChatStoreId, string[]>> {
  const keys: Partial<Record<ChatStoreId, string[]>> = {}
  for (const [name, id] of local) {
    const cut = name.indexOf('\u0000')
    const store = name.slice(0, cut) as ChatStoreId
    const key = name.slice(cut + 1)
    const ids = stores[store]?.ids
    if (!ids || !Object.hasOwn(ids, key) || ids[key] !== id) continue
    const list = keys[store]
    if (list) list.push(key)
    else keys[store] = [key]
  }
  return keys
}
