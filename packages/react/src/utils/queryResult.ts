import type { QueryState } from '@chatsync/core'
import type { QueryResult as CoreQueryResult } from '@chatsync/core/internal'

/** A read's result in TanStack Query's shape: `data` with its status flags. */
export type QueryResult<TData> = CoreQueryResult<TData, QueryState['error']>
