import type { ChatSyncSession } from '../session/createChatSyncSession.js'
import { type WatchViewsParameters, watchViews } from '../session/watchViews.js'

export type WatchStoresParameters = WatchViewsParameters

/**
 * Watches the session account's stores: the current views at once (when not empty), then each change.
 * Views are rebuilt only for stores whose state reference changed. Returns the unsubscribe.
 */
export function watchStores(session: ChatSyncSession, parameters: WatchStoresParameters): () => void {
  return watchViews(session, parameters)
}
