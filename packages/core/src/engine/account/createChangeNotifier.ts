import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import type { Emitter } from '../createEmitter.js'
import type { ChatSyncEvents } from '../types.js'

export type ChangeNotifier = {
  /** These stores of the account changed (none: only its status did). */
  changed(stores: readonly ChatStoreId[], source: 'local' | 'remote'): void
}

/**
 * The account's `change` events: a change from elsewhere is told at once; local writes once per
 * microtask, naming every store written since (a burst of writes is one event), in catalogue order.
 */
export function createChangeNotifier({
  account,
  emit,
  isStopped,
}: {
  account: string
  emit: Emitter<ChatSyncEvents>['emit']
  isStopped(): boolean
}): ChangeNotifier {
  /** Stores written since the last local change event. */
  const locallyChanged = new Set<ChatStoreId>()

  function notifyLocal() {
    if (isStopped()) return
    const stores = CHAT_STORE_IDS.filter((storeId) => locallyChanged.has(storeId))
    locallyChanged.clear()
    emit('change', { account, stores, source: 'local' })
  }

  return {
    changed(stores, source) {
      if (source === 'remote') return emit('change', { account, stores, source: 'remote' })
      if (locallyChanged.size === 0) queueMicrotask(notifyLocal)
      for (const store of stores) locallyChanged.add(store)
    },
  }
}
