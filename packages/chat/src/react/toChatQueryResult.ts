import type { ChatQueryState } from '../actions/getChatQueryState.js'

/** A chat read's result in TanStack Query's shape: `data` with its status flags. */
export type ChatQueryResult<TData> = {
  /** `undefined` while `status` is `pending` or `error`. */
  data: TData | undefined
  error: ChatQueryState['error']
  /** `pending`: nothing to show yet; `success`: this device's chat is shown (maybe still reading the relay). */
  status: ChatQueryState['status']
  /** `fetching` while the chat starts or waits for the identity signature. */
  fetchStatus: ChatQueryState['fetchStatus']
  isPending: boolean
  isSuccess: boolean
  isError: boolean
  isFetching: boolean
}

/** `query` and `data` as a TanStack-shaped result. */
export function toChatQueryResult<TData>(
  query: ChatQueryState,
  data: TData | undefined,
): ChatQueryResult<TData> {
  const { status, fetchStatus, error } = query
  return {
    data,
    error,
    status,
    fetchStatus,
    isPending: status === 'pending',
    isSuccess: status === 'success',
    isError: status === 'error',
    isFetching: fetchStatus === 'fetching',
  }
}
