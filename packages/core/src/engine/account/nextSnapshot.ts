import type { AccountSnapshot } from '../accountSnapshot.js'

/**
 * The account's snapshot made of `parts`: `previous` itself while none of them changed (so readers can
 * compare by reference), else a new frozen one.
 */
export function nextSnapshot(previous: AccountSnapshot | undefined, parts: AccountSnapshot): AccountSnapshot {
  const { status, stores, unsynced, connection } = parts
  if (
    previous?.status === status &&
    previous.stores === stores &&
    previous.unsynced === unsynced &&
    previous.connection === connection
  ) {
    return previous
  }
  // The reducer never mutates a stores record it returned: freezing it in place is safe.
  return Object.freeze({ ...parts, stores: Object.freeze(stores) })
}
