'use client'
import type { ChatStorePayloads } from '@chatsync/core'
import { useStoreEntry } from './useStoreEntry.js'
import type { UseStoreValuesReturnType } from './useStoreValues.js'

export type UseSentInviteParameters = { responseTopic: string }
export type UseSentInviteReturnType = UseStoreValuesReturnType<
  'sentInvites',
  ChatStorePayloads['sentInvites'] | undefined
>

/** One sent invite, by its response topic (`undefined` while there is none); re-renders only when that entry changes. */
export function useSentInvite({ responseTopic }: UseSentInviteParameters): UseSentInviteReturnType {
  return useStoreEntry('sentInvites', String(responseTopic))
}
