import type { QueryResult } from '@chatsync/core/internal'
import type { ChatQueryState } from '../actions/getChatQueryState.js'

/**
 * A chat read's result in TanStack Query's shape: `data` with its status flags. `status` is `success`
 * once this device's chat is shown (maybe still reading the relay); `fetchStatus` is `fetching` while the
 * chat starts or waits for the identity signature (never `paused`).
 */
export type ChatQueryResult<TData> = QueryResult<TData, ChatQueryState['error']>
