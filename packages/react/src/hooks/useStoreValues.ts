'use client'
import {
  type ChatStoreId,
  type ChatStorePayloads,
  type DeleteStoreValueErrorType,
  type DeleteStoreValueReturnType,
  deleteStoreValueMutationOptions,
  type SetStoreValueErrorType,
  type SetStoreValueReturnType,
  setStoreValueMutationOptions,
} from '@chatsync/core'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { useChatSyncContext } from './useChatSyncContext.js'

export type UseStoreValuesReturnType<S extends ChatStoreId> = {
  /** The store's values, in its display order. */
  data: readonly ChatStorePayloads[S][]
  byKey: Readonly<Record<string, ChatStorePayloads[S]>>
  get(key: string): ChatStorePayloads[S] | undefined
  /** Writes a value (its key comes from the value); fails with a typed error, e.g. `PayloadValidationError`. */
  set: UseMutationResult<SetStoreValueReturnType, SetStoreValueErrorType, ChatStorePayloads[S]>
  /** Deletes a key. */
  remove: UseMutationResult<DeleteStoreValueReturnType, DeleteStoreValueErrorType, string>
}

/** One chat store of the provider's account: its values, and writes through the sync engine. */
export function useStoreValues<S extends ChatStoreId>(store: S): UseStoreValuesReturnType<S> {
  const { session, store: mirror, queryClient } = useChatSyncContext()
  const { byKey, data } = useStore(mirror, (state) => state.stores[store])
  const set = useMutation<SetStoreValueReturnType, SetStoreValueErrorType, ChatStorePayloads[S]>(
    setStoreValueMutationOptions(session, { store }),
    queryClient,
  )
  const remove = useMutation<DeleteStoreValueReturnType, DeleteStoreValueErrorType, string>(
    deleteStoreValueMutationOptions(session, { store }),
    queryClient,
  )
  const get = useMemo(() => (key: string) => (Object.hasOwn(byKey, key) ? byKey[key] : undefined), [byKey])
  return { data, byKey, get, set, remove }
}
