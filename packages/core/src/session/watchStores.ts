import { emptyStoreState, type StoreState } from '../lww/applyUpdate.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../stores/catalogue.js'
import type { ChatSyncSession } from './createChatSyncSession.js'
import { getStoreView, type StoreView } from './getStoreView.js'
import type { SessionStores } from './types.js'

export type StoreViews = { [S in ChatStoreId]: StoreView<S> }

export type WatchStoresParameters = {
  /** Receives the views of the stores that changed, once per flush. */
  onChange(views: Partial<StoreViews>): void
  /**
   * Remote changes are delivered once no other remote change arrived for this long, so a burst of
   * messages is one update rather than one per message. Local writes are delivered at once. Default 16 ms.
   */
  batchWindowMs?: number | undefined
  /** A steady stream of remote changes is still delivered at least this often. Default 500 ms. */
  maxBatchWaitMs?: number | undefined
}

/**
 * Watches the session account's stores: the current views at once (when not empty), then each change.
 * Views are rebuilt only for stores whose state reference changed. Returns the unsubscribe.
 */
export function watchStores(session: ChatSyncSession, parameters: WatchStoresParameters): () => void {
  const { onChange, batchWindowMs = 16, maxBatchWaitMs = 500 } = parameters
  const seen: Partial<Record<ChatStoreId, StoreState<unknown>>> = {}
  let timer: ReturnType<typeof setTimeout> | undefined
  let pendingSince: number | undefined

  function flushLater() {
    const now = Date.now()
    pendingSince ??= now
    clearTimeout(timer)
    // A delay below zero (the wait is over) is zero.
    timer = setTimeout(flush, Math.min(batchWindowMs, pendingSince + maxBatchWaitMs - now))
  }

  function flush() {
    clearTimeout(timer)
    timer = undefined
    pendingSince = undefined
    const { account } = session.getState()
    const stores: SessionStores | undefined = account
      ? session.client.getSnapshot({ account }).stores
      : undefined
    const changed: Partial<Record<ChatStoreId, StoreView>> = {}
    let isChanged = false
    for (const store of CHAT_STORE_IDS) {
      const state = stores?.[store] ?? noStore
      const previous = seen[store] ?? noStore
      if (state === previous) continue
      seen[store] = state
      // Empty before and after (a switch to an account not synced yet, then its registration): no change.
      if (isEmpty(state) && isEmpty(previous)) continue
      changed[store] = getStoreView(store, state)
      isChanged = true
    }
    if (isChanged) onChange(changed as Partial<StoreViews>)
  }

  const unsubscribeClient = session.client.subscribe((event) => {
    if (event.account !== session.getState().account) return
    if (event.source === 'local') flush()
    else flushLater()
  })
  const unsubscribeSession = session.subscribe(flush)
  flush()
  return () => {
    clearTimeout(timer)
    unsubscribeClient()
    unsubscribeSession()
  }
}

/** The state of every store while the session has no account. */
const noStore: StoreState<never> = /* @__PURE__ */ emptyStoreState()

function isEmpty(state: StoreState<unknown>): boolean {
  for (const _ in state.entries) return false
  return true
}
