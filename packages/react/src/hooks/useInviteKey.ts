'use client'
import type { ChatStorePayloads } from '@chatsync/core'
import { useStoreEntry } from './useStoreEntry.js'
import type { UseStoreValuesReturnType } from './useStoreValues.js'

export type UseInviteKeyParameters = { account: string }
export type UseInviteKeyReturnType = UseStoreValuesReturnType<
  'inviteKeys',
  ChatStorePayloads['inviteKeys'] | undefined
>

/** The invite key of one account (`undefined` while there is none); re-renders only when that entry changes. */
export function useInviteKey({ account }: UseInviteKeyParameters): UseInviteKeyReturnType {
  return useStoreEntry('inviteKeys', String(account))
}
