'use client'
import {
  type StoreData,
  type UseStoreQueryParameters,
  type UseStoreQueryReturnType,
  useStoreQuery,
} from './useStoreQuery.js'

export type UseSentInvitesParameters<TSelected = StoreData<'sentInvites'>> = UseStoreQueryParameters<
  'sentInvites',
  TSelected
>
export type UseSentInvitesReturnType<TSelected = StoreData<'sentInvites'>> = UseStoreQueryReturnType<
  'sentInvites',
  TSelected
>

/** The account's sent invites (key: `responseTopic`), newest first. With `select`, `data` is what it picks. */
export function useSentInvites<TSelected = StoreData<'sentInvites'>>(
  parameters: UseSentInvitesParameters<TSelected> = {},
): UseSentInvitesReturnType<TSelected> {
  return useStoreQuery('sentInvites', parameters)
}
