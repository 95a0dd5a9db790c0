import type { QueryState } from '@chatsync/core'

/** A read's result in TanStack Query's shape: `data` with its status flags. */
export type QueryResult<TData> = {
  /** `undefined` while `status` is `pending` or `error`. */
  data: TData | undefined
  error: QueryState['error']
  /** `pending`: nothing to show yet; `success`: data (maybe still syncing); `error`: enabling failed. */
  status: QueryState['status']
  /** `fetching` while signing or catching up with the relay; `paused` while the relay is unreachable. */
  fetchStatus: QueryState['fetchStatus']
  isPending: boolean
  isSuccess: boolean
  isError: boolean
  /** Pending and fetching: the first sync on this device. */
  isLoading: boolean
  isFetching: boolean
  isPaused: boolean
}

/** `query` and `data` as a TanStack-shaped result. */
export function toQueryResult<TData>(query: QueryState, data: TData | undefined): QueryResult<TData> {
  const { status, fetchStatus, error } = query
  return {
    data,
    error,
    status,
    fetchStatus,
    isPending: status === 'pending',
    isSuccess: status === 'success',
    isError: status === 'error',
    isLoading: status === 'pending' && fetchStatus === 'fetching',
    isFetching: fetchStatus === 'fetching',
    isPaused: fetchStatus === 'paused',
  }
}
