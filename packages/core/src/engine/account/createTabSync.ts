import type { ChatStoreId } from '../../stores/catalogue.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { StoreUpdates } from '../changes/storeUpdates.js'
import { toOutboxItem } from '../changes/toOutboxItem.js'
import { parseTabMessage, type TabChannel, type TabMessage } from './tabChannel.js'

export type TabSync = {
  /** Tell the other tabs about changes from the relay that changed the stores here. */
  applied(updates: Partial<StoreUpdates>): void
  /** Tell the other tabs about a write made here (they publish it too, so none is lost when this tab closes). */
  written(item: OutboxItem): void
  /** Sends what is waiting now and closes the channel. */
  close(): void
}

export type CreateTabSyncParameters = {
  /** The account's channel, where there is one (pages only). */
  channel: TabChannel | undefined
  /** What another tab applied and wrote (checked like relay messages). */
  onChanges(updates: StoreUpdates, written: OutboxItem[]): void
  /** Another tab unregistered the account. */
  onUnregistered(): void
}

/**
 * Engines of one account in other tabs of this origin: what each applies goes to the others, at most one
 * message per microtask, and what they send is applied by the same rule (see `tabChannel.ts`).
 */
export function createTabSync({ channel, onChanges, onUnregistered }: CreateTabSyncParameters): TabSync {
  let outgoing: TabMessage | undefined

  function flush() {
    const message = outgoing
    outgoing = undefined
    if (message) channel?.post(message)
  }

  function tell(list: 'applied' | 'written', item: OutboxItem) {
    if (!outgoing) {
      outgoing = { v: 1, applied: [], written: [] }
      queueMicrotask(flush)
    }
    outgoing[list].push(item)
  }

  channel?.listen((message) => {
    const parsed = parseTabMessage(message)
    if (!parsed) return
    if (parsed.unregistered) onUnregistered()
    else onChanges(parsed.updates, parsed.written)
  })

  return {
    applied(updates) {
      if (!channel) return
      for (const store of Object.keys(updates) as ChatStoreId[]) {
        for (const update of updates[store] ?? []) tell('applied', toOutboxItem(store, update))
      }
    },
    written(item) {
      if (channel) tell('written', item)
    },
    close() {
      flush()
      channel?.close()
    },
  }
}
