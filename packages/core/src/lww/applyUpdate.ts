import { InvalidStoreUpdateError } from '../errors/lww.js'
import { isSyncId } from '../wire/syncRequest.js'

/**
 * One store's state: current values and, for every key ever changed, the id of the last change applied
 * to it (a delete keeps its id as a tombstone). Both records have a null prototype, so keys such as
 * `__proto__` or `constructor` are ordinary keys.
 */
export type LwwMap<T> = {
  readonly entries: Readonly<Record<string, T>>
  readonly ids: Readonly<Record<string, number>>
}

export type StoreUpdate<T> =
  | { readonly type: 'set'; readonly id: number; readonly key: string; readonly value: T }
  | { readonly type: 'delete'; readonly id: number; readonly key: string }

/** A fresh, empty store state. */
export function emptyLwwMap<T>(): LwwMap<T> {
  return { entries: Object.create(null), ids: Object.create(null) }
}

function checked<T>(update: StoreUpdate<T>): StoreUpdate<T> {
  if (
    (update?.type !== 'set' && update?.type !== 'delete') ||
    !isSyncId(update.id) ||
    typeof update.key !== 'string'
  ) {
    throw new InvalidStoreUpdateError({
      problem: 'expected { type: "set" | "delete", id: positive safe integer, key: string }',
    })
  }
  return update
}

function copy<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = Object.create(null)
  for (const key of Object.keys(record)) out[key] = record[key] as V
  return out
}

/**
 * Per-key last-writer-wins (sync-protocol §4): an update applies only when its id is greater than the
 * id remembered for its key; equal ids are duplicates and ignored. Pure: never mutates `state`, and
 * returns the same reference when nothing changes.
 *
 * Two different changes to one key with the same id (two devices picking the same millisecond and the
 * same three random digits) are not ordered by the protocol; the first one to arrive wins.
 * @throws {InvalidStoreUpdateError} on a malformed update (state is untouched).
 */
export function applyUpdate<T>(state: LwwMap<T>, update: StoreUpdate<T>): LwwMap<T> {
  return applyUpdates(state, [update])
}

/**
 * Folds many updates into `state` in one pass with at most one copy of each record; equivalent to
 * applying them one by one with {@link applyUpdate}. Returns `state` itself when none applies.
 * @throws {InvalidStoreUpdateError} on a malformed update (checked before anything is applied).
 */
export function applyUpdates<T>(state: LwwMap<T>, updates: Iterable<StoreUpdate<T>>): LwwMap<T> {
  // Copied and checked before anything is applied.
  const list = Array.from(updates, checked)
  let entries: Record<string, T> | undefined
  let ids: Record<string, number> | undefined
  for (const update of list) {
    const current = ids ?? state.ids
    if (Object.hasOwn(current, update.key) && update.id <= (current[update.key] as number)) continue
    entries ??= copy(state.entries)
    ids ??= copy(state.ids)
    if (update.type === 'set') entries[update.key] = update.value
    else delete entries[update.key]
    ids[update.key] = update.id
  }
  return entries && ids ? { entries, ids } : state
}
