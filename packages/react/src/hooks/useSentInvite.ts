'use client'
import { type UseStoreEntryReturnType, useStoreEntry } from './useStoreEntry.js'

export type UseSentInviteParameters = { responseTopic: string }
export type UseSentInviteReturnType = UseStoreEntryReturnType<'sentInvites'>

/** One sent invite, by its response topic (`data` undefined while there is none), with writes bound to it. */
export function useSentInvite({ responseTopic }: UseSentInviteParameters): UseSentInviteReturnType {
  return useStoreEntry('sentInvites', responseTopic)
}
