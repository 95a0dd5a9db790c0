'use client'
import {
  type StoreData,
  type UseStoreQueryParameters,
  type UseStoreQueryReturnType,
  useStoreQuery,
} from './useStoreQuery.js'

export type UseInviteKeysParameters<TSelected = StoreData<'inviteKeys'>> = UseStoreQueryParameters<
  'inviteKeys',
  TSelected
>
export type UseInviteKeysReturnType<TSelected = StoreData<'inviteKeys'>> = UseStoreQueryReturnType<
  'inviteKeys',
  TSelected
>

/** The account's invite keys (key: `account`). With `select`, `data` is what it picks. */
export function useInviteKeys<TSelected = StoreData<'inviteKeys'>>(
  parameters: UseInviteKeysParameters<TSelected> = {},
): UseInviteKeysReturnType<TSelected> {
  return useStoreQuery('inviteKeys', parameters)
}
