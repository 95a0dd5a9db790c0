'use client'
import type { ChatStorePayloads } from '@chatsync/core'
import { useStoreEntry } from './useStoreEntry.js'
import type { UseStoreValuesReturnType } from './useStoreValues.js'

export type UseReceivedInviteStatusParameters = { id: number }
export type UseReceivedInviteStatusReturnType = UseStoreValuesReturnType<
  'receivedInviteStatuses',
  ChatStorePayloads['receivedInviteStatuses'] | undefined
>

/** The status of one received invite, by invite id (`undefined` while there is none); re-renders only when that entry changes. */
export function useReceivedInviteStatus({
  id,
}: UseReceivedInviteStatusParameters): UseReceivedInviteStatusReturnType {
  return useStoreEntry('receivedInviteStatuses', String(id))
}
