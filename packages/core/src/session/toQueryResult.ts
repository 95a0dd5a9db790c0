/** A read's status in TanStack Query's words (the session's, or another built on it such as a chat's). */
export type QueryStatusState<TError> = {
  status: 'pending' | 'success' | 'error'
  fetchStatus: 'fetching' | 'paused' | 'idle'
  error: TError
}

/** A read's result in TanStack Query's shape: `data` with its status flags. */
export type QueryResult<TData, TError> = {
  /** `undefined` while `status` is `pending` or `error`. */
  data: TData | undefined
  error: TError
  /** `pending`: nothing to show yet; `success`: data (maybe still syncing); `error`: it could not start. */
  status: QueryStatusState<TError>['status']
  /** `fetching` while signing or catching up with the relay; `paused` while the relay is unreachable. */
  fetchStatus: QueryStatusState<TError>['fetchStatus']
  isPending: boolean
  isSuccess: boolean
  isError: boolean
  /** Pending and fetching: the first sync on this device. */
  isLoading: boolean
  isFetching: boolean
  isPaused: boolean
}

/** `query` and `data` as a TanStack-shaped result. */
export function toQueryResult<TData, TError>(
  query: QueryStatusState<TError>,
  data: TData | undefined,
): QueryResult<TData, TError> {
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
