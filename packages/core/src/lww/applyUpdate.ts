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
 * id remembered for its key; the same change again (an echo, a redelivery) is ignored. Pure: never
 * mutates `state`, and returns the same reference when nothing changes.
 *
 * Two different changes to one key can carry the same id: two fresh ids of one millisecond with the same
 * random digits, or two writes made after a change from a device whose clock is ahead (`writeId`). The
 * protocol does not order them, and keeping whichever arrives first would leave each device with its
 * own for good. They are ordered by a rule every device applies alike (`winsTie`), so the order
 * of arrival never matters: a set beats a delete, and of two sets, the value whose canonical JSON text
 * (keys sorted) is greater wins.
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
    if (!beats(update, ids ?? state.ids, entries ?? state.entries)) continue
    entries ??= copy(state.entries)
    ids ??= copy(state.ids)
    if (update.type === 'set') entries[update.key] = update.value
    else delete entries[update.key]
    ids[update.key] = update.id
  }
  return entries && ids ? { entries, ids } : state
}

/**
 * Whether `update` changes what `state` holds for its key (what {@link applyUpdate} would apply), without
 * copying anything.
 */
export function supersedes<T>(state: LwwMap<T>, update: StoreUpdate<T>): boolean {
  return beats(checked(update), state.ids, state.entries)
}

function beats<T>(
  update: StoreUpdate<T>,
  ids: Readonly<Record<string, number>>,
  entries: Readonly<Record<string, T>>,
): boolean {
  if (!Object.hasOwn(ids, update.key)) return true
  const held = ids[update.key] as number
  return update.id > held || (update.id === held && winsTie(update, entries))
}

/**
 * Whether `update` beats a different change with the same id that `entries` holds for its key (a live
 * value, or a delete when there is none): a set beats a delete, and of two sets the greater canonical
 * JSON text wins. The same change (a delete over a delete, an equal value) does not: nothing changes.
 */
function winsTie<T>(update: StoreUpdate<T>, entries: Readonly<Record<string, T>>): boolean {
  if (update.type === 'delete') return false
  if (!Object.hasOwn(entries, update.key)) return true
  const held = entries[update.key]
  // The same value again (a redelivery, a refresh, history read after a restore) is the common case.
  if (sameValue(held, update.value)) return false
  return canonicalText(update.value) > canonicalText(held)
}

/** Whether two JSON values are equal, whatever the order of their objects' keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const first = a as Record<string, unknown>
  const second = b as Record<string, unknown>
  const keys = Object.keys(first)
  if (keys.length !== Object.keys(second).length) return false
  for (const key of keys) {
    if (!Object.hasOwn(second, key) || !sameValue(first[key], second[key])) return false
  }
  return true
}

/** JSON text with every object's keys sorted: equal for equal values, whatever order built them. */
function canonicalText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalText(item ?? null)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalText(record[key])}`)
    return `{${fields.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
