'use client'
import { type UseStoreValuesReturnType, useStoreValues } from './useStoreValues.js'

export type UseReceivedInviteStatusesReturnType = UseStoreValuesReturnType<'receivedInviteStatuses'>

/** The statuses of invites this account received, newest id first. */
export function useReceivedInviteStatuses(): UseReceivedInviteStatusesReturnType {
  return useStoreValues('receivedInviteStatuses')
}
