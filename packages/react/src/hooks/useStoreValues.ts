'use client'
import {
  type ChatStoreId,
  type ChatStorePayloads,
  type ChatSyncState,
  type DeleteStoreValueErrorType,
  type DeleteStoreValueReturnType,
  deleteStoreValueMutationOptions,
  type SetStoreValueErrorType,
  type SetStoreValueReturnType,
  type StoreView,
  setStoreValueMutationOptions,
} from '@chatsync/core'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { useStructuralSelector } from '../utils/useStructuralSelector.js'
import { useChatSyncContext } from './useChatSyncContext.js'

declare const noSelect: unique symbol
/** What a store hook returns without `select`. */
export type NoSelect = typeof noSelect

export type UseStoreValuesParameters<S extends ChatStoreId, TSelected> = {
  /**
   * Picks what the component needs from the store's view (`{ byKey, data }`). The component re-renders
   * only when the result changes, compared structurally: a new array or object with the same contents
   * counts as unchanged.
   */
  select: (view: StoreView<S>) => TSelected
}

/** Writes through the sync engine, as TanStack `useMutation` results. */
export type StoreWrites<S extends ChatStoreId> = {
  /** Writes a value (its key comes from the value); fails with a typed error, e.g. `PayloadValidationError`. */
  set: UseMutationResult<SetStoreValueReturnType, SetStoreValueErrorType, ChatStorePayloads[S]>
  /** Deletes a key. */
  remove: UseMutationResult<DeleteStoreValueReturnType, DeleteStoreValueErrorType, string>
}

export type UseStoreValuesReturnType<S extends ChatStoreId, TSelected = NoSelect> = StoreWrites<S> &
  ([TSelected] extends [NoSelect]
    ? {
        /** The store's values, in its display order. */
        data: readonly ChatStorePayloads[S][]
        byKey: Readonly<Record<string, ChatStorePayloads[S]>>
        get(key: string): ChatStorePayloads[S] | undefined
      }
    : { data: TSelected })

/** One chat store of the provider's account: its values (or a selection), and writes through the engine. */
export function useStoreValues<S extends ChatStoreId, TSelected = NoSelect>(
  store: S,
  parameters?: UseStoreValuesParameters<S, TSelected>,
): UseStoreValuesReturnType<S, TSelected> {
  const { session, queryClient } = useChatSyncContext()
  const select = parameters?.select
  // With `select`, what it picks (compared structurally); without, the store's view as it is.
  const read = useStore(
    session.state,
    useStructuralSelector(
      (state: ChatSyncState) => (select ? select(state.stores[store] as StoreView<S>) : state.stores[store]),
      select !== undefined,
    ),
  )
  const set = useMutation<SetStoreValueReturnType, SetStoreValueErrorType, ChatStorePayloads[S]>(
    setStoreValueMutationOptions(session, { store }),
    queryClient,
  )
  const remove = useMutation<DeleteStoreValueReturnType, DeleteStoreValueErrorType, string>(
    deleteStoreValueMutationOptions(session, { store }),
    queryClient,
  )
  const byKey = select ? undefined : (read as StoreView<S>).byKey
  const get = useMemo(
    () => byKey && ((key: string) => (Object.hasOwn(byKey, key) ? byKey[key] : undefined)),
    [byKey],
  )
  if (select)
    return { data: read as TSelected, set, remove } as unknown as UseStoreValuesReturnType<S, TSelected>
  const { data } = read as StoreView<S>
  return { data, byKey, get, set, remove } as unknown as UseStoreValuesReturnType<S, TSelected>
}
