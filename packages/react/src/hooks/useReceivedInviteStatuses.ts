'use client'
import {
  type StoreData,
  type UseStoreQueryParameters,
  type UseStoreQueryReturnType,
  useStoreQuery,
} from './useStoreQuery.js'

export type UseReceivedInviteStatusesParameters<TSelected = StoreData<'receivedInviteStatuses'>> =
  UseStoreQueryParameters<'receivedInviteStatuses', TSelected>
export type UseReceivedInviteStatusesReturnType<TSelected = StoreData<'receivedInviteStatuses'>> =
  UseStoreQueryReturnType<'receivedInviteStatuses', TSelected>

/** The statuses of invites the account received (key: the invite id), newest first. With `select`, `data` is what it picks. */
export function useReceivedInviteStatuses<TSelected = StoreData<'receivedInviteStatuses'>>(
  parameters: UseReceivedInviteStatusesParameters<TSelected> = {},
): UseReceivedInviteStatusesReturnType<TSelected> {
  return useStoreQuery('receivedInviteStatuses', parameters)
}
