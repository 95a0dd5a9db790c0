import type { LwwMap, StoreUpdate } from './applyUpdate.js'

/**
 * The update that gives `key` what `state` holds for it: a set of its entry, or a delete for a tombstone
 * (a key with an id and no entry). `key` is one `state` has an id for.
 */
export function updateOf<T>(state: LwwMap<T>, key: string): StoreUpdate<T> {
  const id = state.ids[key] as number
  return Object.hasOwn(state.entries, key)
    ? { type: 'set', id, key, value: state.entries[key] as T }
    : { type: 'delete', id, key }
}
