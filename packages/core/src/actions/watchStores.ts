import type { ChatSyncConfig } from '../session/createChatSyncConfig.js'
import { type WatchViewsParameters, watchViews } from '../session/watchViews.js'

export type WatchStoresParameters = WatchViewsParameters

/**
 * Watches the config account's stores: each change (not called at once, like every `watch…`), with the
 * views of the stores that changed; remote bursts coalesced. Returns the unsubscribe.
 */
export function watchStores(config: ChatSyncConfig, parameters: WatchStoresParameters): () => void {
  return watchViews(config, { ...parameters, emitCurrent: false })
}
