'use client'
import {
  type ChatStoreId,
  type ChatStorePayloads,
  type ChatSyncState,
  getQueryState,
  type QueryState,
} from '@chatsync/core'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { type QueryResult, toQueryResult } from '../utils/toQueryResult.js'
import { useChatSyncConfig } from './useChatSyncConfig.js'
import { type EntryWrites, useEntryWrites } from './useEntryWrites.js'

export type UseStoreEntryReturnType<S extends ChatStoreId> = QueryResult<ChatStorePayloads[S]> &
  EntryWrites<S> & {
    /** Whether the relay has every change of this entry made here (`false`: show "sending…"). */
    isSynced: boolean
  }

type Picked = { query: QueryState; value: unknown; isSynced: boolean }

/**
 * The entry under `key` in one store (`data` undefined while there is none), with writes bound to that
 * key. Re-renders only when that entry, its sync state or the account's status changes.
 */
export function useStoreEntry<S extends ChatStoreId>(store: S, key: string): UseStoreEntryReturnType<S> {
  const config = useChatSyncConfig()
  const selector = useMemo(() => {
    let picked: Picked | undefined
    return (state: ChatSyncState): Picked => {
      const query = getQueryState(state)
      const { byKey, unsynced } = state.stores[store]
      const value = query.status === 'success' && Object.hasOwn(byKey, key) ? byKey[key] : undefined
      const isSynced = !unsynced.has(key)
      if (picked?.query === query && picked.value === value && picked.isSynced === isSynced) return picked
      picked = { query, value, isSynced }
      return picked
    }
  }, [store, key])
  const { query, value, isSynced } = useStore(config.state, selector)
  const writes = useEntryWrites(config, store, key)
  return { ...toQueryResult(query, value as ChatStorePayloads[S] | undefined), isSynced, ...writes }
}
