'use client'
import type {
  ChatStoreId,
  ChatStorePayloads,
  DeleteStoreValueErrorType,
  DeleteStoreValueReturnType,
  SetStoreEntryErrorType,
  SetStoreValueReturnType,
} from '@chatsync/core'
import { type UseMutationResult, useQueryClient } from '@tanstack/react-query'
import { useRef, useSyncExternalStore } from 'react'
import { createEntryRow, type EntryRow } from '../utils/createEntryRow.js'
import type { QueryResult } from '../utils/queryResult.js'
import { useChatSyncConfig } from './useChatSyncConfig.js'

/**
 * A row's writes, bound to its key: TanStack mutation results. Their functions are made when first read,
 * and their mutation observers on the first write (then they show in TanStack's devtools and
 * `useIsMutating` like any mutation): a list of a thousand rows holds no observers.
 */
export type EntryWrites<S extends ChatStoreId> = {
  /** Writes this entry; a value whose key is another entry's fails with `StoreKeyMismatchError`. */
  set: UseMutationResult<SetStoreValueReturnType, SetStoreEntryErrorType, ChatStorePayloads[S]>
  /** Deletes this entry (`remove.mutate()`). */
  remove: UseMutationResult<DeleteStoreValueReturnType, DeleteStoreValueErrorType, void>
}

export type UseStoreEntryReturnType<S extends ChatStoreId> = QueryResult<ChatStorePayloads[S]> &
  EntryWrites<S> & {
    /** Whether the relay has every change of this entry made here (`false`: show "sending…"). */
    isSynced: boolean
  }

/**
 * The entry under `key` in one store (`data` undefined while there is none), with writes bound to that
 * key. Re-renders only when that entry, its sync state, the account's status or one of its writes changes.
 */
export function useStoreEntry<S extends ChatStoreId>(store: S, key: string): UseStoreEntryReturnType<S> {
  const config = useChatSyncConfig()
  const queryClient = useQueryClient()
  // One subscription for the entry and its writes; nothing is made per render. The row is made once
  // (again only for another config or QueryClient), in a ref: a list holds a thousand.
  const ref = useRef<EntryRow | undefined>(undefined)
  if (ref.current?.config !== config || ref.current.queryClient !== queryClient)
    ref.current = createEntryRow(config, queryClient)
  const row = ref.current
  row.bind(store, key)
  return useSyncExternalStore(
    row.subscribe,
    row.getSnapshot,
    row.getServerSnapshot,
  ) as UseStoreEntryReturnType<S>
}
