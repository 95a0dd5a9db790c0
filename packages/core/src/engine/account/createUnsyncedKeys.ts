import { byStore } from '../../stores/byStore.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import { type OutboxItem, outboxItemKey } from '../changes/outboxItem.js'

/** Per store, the keys with a write the relay has not accepted yet. */
export type UnsyncedKeys = { readonly [S in ChatStoreId]: ReadonlySet<string> }

export type UnsyncedKeysTracker = {
  /** A write entered the outbox (made here, taken over from a tab, or restored): its key is unsynced. */
  add(item: OutboxItem): void
  /** The relay accepted these items; returns the stores whose unsynced keys changed. */
  delivered(items: readonly OutboxItem[]): ChatStoreId[]
  /** The keys now: a store's set keeps its reference until that store's keys change. */
  get(): UnsyncedKeys
}

const NONE: ReadonlySet<string> = new Set()

/**
 * Which entries still have changes the relay has not accepted (a chat UI's "sending…"). Only writes count:
 * the keep-alive's refreshes publish changes the relay had already accepted.
 */
export function createUnsyncedKeys(initial: readonly OutboxItem[]): UnsyncedKeysTracker {
  /** Undelivered writes per store and key, by their identity. */
  const writes = byStore(() => new Map<string, Set<string>>())
  let sets = byStore((): ReadonlySet<string> => NONE) as UnsyncedKeys
  const stale = new Set<ChatStoreId>()

  function add(item: OutboxItem) {
    const byKey = writes[item.store]
    const pending = byKey.get(item.key) ?? new Set<string>()
    if (pending.size === 0) {
      byKey.set(item.key, pending)
      stale.add(item.store)
    }
    pending.add(outboxItemKey(item))
  }
  for (const item of initial) add(item)

  return {
    add,
    delivered(items) {
      const changed = new Set<ChatStoreId>()
      for (const item of items) {
        const byKey = writes[item.store]
        const pending = byKey.get(item.key)
        if (!pending?.delete(outboxItemKey(item)) || pending.size > 0) continue
        byKey.delete(item.key)
        stale.add(item.store)
        changed.add(item.store)
      }
      return [...changed]
    },
    get() {
      if (stale.size === 0) return sets
      const next = { ...sets } as Record<ChatStoreId, ReadonlySet<string>>
      for (const store of stale) next[store] = writes[store].size === 0 ? NONE : new Set(writes[store].keys())
      stale.clear()
      sets = next
      return sets
    },
  }
}
