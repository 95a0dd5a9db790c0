'use client'
import { type UseStoreValuesReturnType, useStoreValues } from './useStoreValues.js'

export type UseSentInvitesReturnType = UseStoreValuesReturnType<'sentInvites'>

/** The invites this account sent, newest first by `timestamp`. */
export function useSentInvites(): UseSentInvitesReturnType {
  return useStoreValues('sentInvites')
}
