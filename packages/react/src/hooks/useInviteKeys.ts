'use client'
import { type UseStoreValuesReturnType, useStoreValues } from './useStoreValues.js'

export type UseInviteKeysReturnType = UseStoreValuesReturnType<'inviteKeys'>

/** The account's invite keys, by account. */
export function useInviteKeys(): UseInviteKeysReturnType {
  return useStoreValues('inviteKeys')
}
