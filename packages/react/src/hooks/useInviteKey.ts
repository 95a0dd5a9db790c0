'use client'
import { type UseStoreEntryReturnType, useStoreEntry } from './useStoreEntry.js'

export type UseInviteKeyParameters = { account: string }
export type UseInviteKeyReturnType = UseStoreEntryReturnType<'inviteKeys'>

/** One invite key, by its account (`data` undefined while there is none), with writes bound to it. */
export function useInviteKey({ account }: UseInviteKeyParameters): UseInviteKeyReturnType {
  return useStoreEntry('inviteKeys', account)
}
