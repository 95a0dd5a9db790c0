import type { AccountSnapshot } from '../engine/accountSnapshot.js'
import { emptyLwwMap, type LwwMap } from '../lww/applyUpdate.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../stores/catalogue.js'
import { getStoreView, type StoreView, type StoreViews } from './getStoreView.js'
import type { SessionState } from './sessionState.js'
import type { SessionClient } from './types.js'

/** What `watchViews` reads from a session. */
export type ViewSource = {
  readonly client: SessionClient
  getState(): SessionState
  subscribe(listener: (state: SessionState) => void): () => void
}

/** Remembers which store states views were made of, so only changed stores get a new view. */
export type ViewTracker = {
  /** The views of the stores whose state differs from the last call's (`undefined`: none). */
  changed(snapshot: Pick<AccountSnapshot, 'stores' | 'unsynced'> | undefined): Partial<StoreViews> | undefined
}

/** The state of every store while the session has no account. */
const noStore: LwwMap<never> = /* @__PURE__ */ emptyLwwMap()
const noKeys: ReadonlySet<string> = new Set()

function isEmpty(state: LwwMap<unknown>): boolean {
  for (const _ in state.entries) return false
  return true
}

export function createViewTracker(): ViewTracker {
  const seen: Partial<Record<ChatStoreId, { state: LwwMap<unknown>; unsynced: ReadonlySet<string> }>> = {}
  return {
    changed(snapshot) {
      const changed: Partial<Record<ChatStoreId, StoreView>> = {}
      let isChanged = false
      for (const store of CHAT_STORE_IDS) {
        const state = snapshot?.stores[store] ?? noStore
        const unsynced = snapshot?.unsynced[store] ?? noKeys
        const previous = seen[store] ?? { state: noStore, unsynced: noKeys }
        if (state === previous.state && unsynced === previous.unsynced) continue
        seen[store] = { state, unsynced }
        // Empty before and after (a switch to an account not synced yet, then its registration): no change.
        if (isEmpty(state) && isEmpty(previous.state) && unsynced.size === 0 && previous.unsynced.size === 0)
          continue
        changed[store] = getStoreView(store, state, unsynced)
        isChanged = true
      }
      return isChanged ? (changed as Partial<StoreViews>) : undefined
    },
  }
}

/** The session account's snapshot as the client holds it now. */
export function currentSnapshot(source: ViewSource): AccountSnapshot | undefined {
  const { account } = source.getState()
  return account ? source.client.getSnapshot({ account }) : undefined
}

export type WatchViewsParameters = {
  /** Receives the views of the stores that changed, once per flush. */
  onChange(views: Partial<StoreViews>): void
  /**
   * Remote changes are delivered once no other remote change arrived for this long, so a burst of
   * messages is one update rather than one per message. Local writes are delivered at once. Default 16 ms.
   */
  batchWindowMs?: number | undefined
  /** A steady stream of remote changes is still delivered at least this often. Default 500 ms. */
  maxBatchWaitMs?: number | undefined
  /** Deliver the current views at once (when not empty). Default `true`. */
  emitCurrent?: boolean | undefined
}

/**
 * Watches the session account's stores: the views that changed since `tracker` last saw them at once,
 * then each change (local writes at once, remote bursts coalesced). Returns the unsubscribe, whose
 * `flush()` delivers at once what waits for the end of a burst.
 */
export function watchViews(
  source: ViewSource,
  { onChange, batchWindowMs = 16, maxBatchWaitMs = 500, emitCurrent = true }: WatchViewsParameters,
  tracker: ViewTracker = createViewTracker(),
): (() => void) & { flush(): void } {
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
    const views = tracker.changed(currentSnapshot(source))
    if (views) onChange(views)
  }

  const unsubscribeClient = source.client.on('change', (event) => {
    if (event.account !== source.getState().account) return
    if (event.source === 'local') flush()
    else flushLater()
  })
  const unsubscribeSession = source.subscribe(flush)
  if (emitCurrent) flush()
  else tracker.changed(currentSnapshot(source))
  const stop = () => {
    clearTimeout(timer)
    unsubscribeClient()
    unsubscribeSession()
  }
  /** Delivers now what waits for the end of a burst. */
  return Object.assign(stop, { flush: () => timer !== undefined && flush() })
}
