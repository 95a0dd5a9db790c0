'use client'
import { type UseStoreEntryReturnType, useStoreEntry } from './useStoreEntry.js'

export type UseReceivedInviteStatusParameters = { id: number }
export type UseReceivedInviteStatusReturnType = UseStoreEntryReturnType<'receivedInviteStatuses'>

/** The status of one received invite, by invite id (`data` undefined while there is none), with writes bound to it. */
export function useReceivedInviteStatus({
  id,
}: UseReceivedInviteStatusParameters): UseReceivedInviteStatusReturnType {
  return useStoreEntry('receivedInviteStatuses', String(id))
}
