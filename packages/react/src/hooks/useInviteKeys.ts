'use client'
import {
  type NoSelect,
  type UseStoreValuesParameters,
  type UseStoreValuesReturnType,
  useStoreValues,
} from './useStoreValues.js'

export type UseInviteKeysParameters<TSelected> = UseStoreValuesParameters<'inviteKeys', TSelected>
export type UseInviteKeysReturnType<TSelected = NoSelect> = UseStoreValuesReturnType<'inviteKeys', TSelected>

/** The account's invite keys, by account. With `select`, only what it picks (see `UseStoreValuesParameters`). */
export function useInviteKeys(): UseInviteKeysReturnType
export function useInviteKeys<TSelected>(
  parameters: UseInviteKeysParameters<TSelected>,
): UseInviteKeysReturnType<TSelected>
export function useInviteKeys<TSelected>(parameters?: UseInviteKeysParameters<TSelected>) {
  return useStoreValues('inviteKeys', parameters)
}
