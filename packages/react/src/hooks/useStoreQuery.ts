'use client'
import {
  type ChatStoreId,
  type ChatStorePayloads,
  type ChatSyncState,
  type DeleteStoreValueErrorType,
  type DeleteStoreValueReturnType,
  deleteStoreValueMutationOptions,
  getQueryState,
  type QueryState,
  type SetStoreValueErrorType,
  type SetStoreValueReturnType,
  setStoreValueMutationOptions,
} from '@chatsync/core'
import { createSelection, toQueryResult } from '@chatsync/core/internal'
import { replaceEqualDeep, type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import type { QueryResult } from '../utils/queryResult.js'
import { useChatSyncConfig } from './useChatSyncConfig.js'

/** A store's values, in its display order. */
export type StoreData<S extends ChatStoreId> = readonly ChatStorePayloads[S][]

export type UseStoreQueryParameters<S extends ChatStoreId, TSelected> = {
  /**
   * Picks what the component needs from the store's values (`data` then holds what it returns), as
   * TanStack Query's `select`. The component re-renders only when the result changes, compared
   * structurally: a new array or object with the same contents counts as unchanged.
   */
  select?: ((data: StoreData<S>) => TSelected) | undefined
}

/** Writes through the sync engine, as TanStack `useMutation` results. */
export type StoreWrites<S extends ChatStoreId> = {
  /** Writes a value (its key comes from the value); fails with a typed error, e.g. `PayloadValidationError`. */
  set: UseMutationResult<SetStoreValueReturnType, SetStoreValueErrorType, ChatStorePayloads[S]>
  /** Deletes a key. */
  remove: UseMutationResult<DeleteStoreValueReturnType, DeleteStoreValueErrorType, string>
}

export type UseStoreQueryReturnType<
  S extends ChatStoreId,
  TSelected = StoreData<S>,
> = QueryResult<TSelected> &
  StoreWrites<S> & {
    /** The keys with a write the relay has not accepted yet (show them as "sending…"). */
    unsyncedKeys: ReadonlySet<string>
  }

type Picked = { query: QueryState; data: unknown; unsynced: ReadonlySet<string> }

/**
 * One chat store of the provider's account, shaped like a TanStack query (cached data shows while it
 * syncs), with its writes.
 */
export function useStoreQuery<S extends ChatStoreId, TSelected = StoreData<S>>(
  store: S,
  { select }: UseStoreQueryParameters<S, TSelected> = {},
): UseStoreQueryReturnType<S, TSelected> {
  const config = useChatSyncConfig()
  // Kept across renders, so that an inline `select` keeps its data while the result is the same.
  const selection = useRef<ReturnType<typeof createSelection<StoreData<S>, TSelected>>>(undefined)
  selection.current ??= createSelection(replaceEqualDeep)
  const picked = useRef<Picked>(undefined)
  const selector = useMemo(
    () =>
      (state: ChatSyncState): Picked => {
        const query = getQueryState(state)
        const view = state.stores[store]
        const selected = selection.current!(view.data as StoreData<S>, select)
        const data = query.status === 'success' ? selected : undefined
        const last = picked.current
        if (last?.query === query && last.data === data && last.unsynced === view.unsynced) return last
        picked.current = { query, data, unsynced: view.unsynced }
        return picked.current
      },
    [store, select],
  )
  const { query, data, unsynced } = useStore(config.state, selector)
  const set = useMutation<SetStoreValueReturnType, SetStoreValueErrorType, ChatStorePayloads[S]>(
    useMemo(() => setStoreValueMutationOptions(config, { store }), [config, store]),
  )
  const remove = useMutation<DeleteStoreValueReturnType, DeleteStoreValueErrorType, string>(
    useMemo(() => deleteStoreValueMutationOptions(config, { store }), [config, store]),
  )
  return { ...toQueryResult(query, data as TSelected | undefined), unsyncedKeys: unsynced, set, remove }
}
