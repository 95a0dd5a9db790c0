'use client'
import {
  type NoSelect,
  type UseStoreValuesParameters,
  type UseStoreValuesReturnType,
  useStoreValues,
} from './useStoreValues.js'

export type UseReceivedInviteStatusesParameters<TSelected> = UseStoreValuesParameters<
  'receivedInviteStatuses',
  TSelected
>
export type UseReceivedInviteStatusesReturnType<TSelected = NoSelect> = UseStoreValuesReturnType<
  'receivedInviteStatuses',
  TSelected
>

/** The statuses of invites this account received, newest id first. With `select`, only what it picks (see `UseStoreValuesParameters`). */
export function useReceivedInviteStatuses(): UseReceivedInviteStatusesReturnType
export function useReceivedInviteStatuses<TSelected>(
  parameters: UseReceivedInviteStatusesParameters<TSelected>,
): UseReceivedInviteStatusesReturnType<TSelected>
export function useReceivedInviteStatuses<TSelected>(
  parameters?: UseReceivedInviteStatusesParameters<TSelected>,
) {
  return useStoreValues('receivedInviteStatuses', parameters)
}
