'use client'
import {
  type NoSelect,
  type UseStoreValuesParameters,
  type UseStoreValuesReturnType,
  useStoreValues,
} from './useStoreValues.js'

export type UseSentInvitesParameters<TSelected> = UseStoreValuesParameters<'sentInvites', TSelected>
export type UseSentInvitesReturnType<TSelected = NoSelect> = UseStoreValuesReturnType<
  'sentInvites',
  TSelected
>

/** The invites this account sent, newest first by `timestamp`. With `select`, only what it picks (see `UseStoreValuesParameters`). */
export function useSentInvites(): UseSentInvitesReturnType
export function useSentInvites<TSelected>(
  parameters: UseSentInvitesParameters<TSelected>,
): UseSentInvitesReturnType<TSelected>
export function useSentInvites<TSelected>(parameters?: UseSentInvitesParameters<TSelected>) {
  return useStoreValues('sentInvites', parameters)
}
