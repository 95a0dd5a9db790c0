'use client'
import {
  type StoreData,
  type UseStoreQueryParameters,
  type UseStoreQueryReturnType,
  useStoreQuery,
} from './useStoreQuery.js'

export type UseThreadsParameters<TSelected = StoreData<'threads'>> = UseStoreQueryParameters<
  'threads',
  TSelected
>
export type UseThreadsReturnType<TSelected = StoreData<'threads'>> = UseStoreQueryReturnType<
  'threads',
  TSelected
>

/** The account's chat threads (key: `topic`). With `select`, `data` is what it picks. */
export function useThreads<TSelected = StoreData<'threads'>>(
  parameters: UseThreadsParameters<TSelected> = {},
): UseThreadsReturnType<TSelected> {
  return useStoreQuery('threads', parameters)
}
