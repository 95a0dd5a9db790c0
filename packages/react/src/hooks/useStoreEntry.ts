'use client'
import type { ChatStoreId, ChatStorePayloads, StoreView } from '@chatsync/core'
import { useCallback } from 'react'
import { type UseStoreValuesReturnType, useStoreValues } from './useStoreValues.js'

/** The entry under `key` in one store (`undefined` while there is none), with the store's writes. */
export function useStoreEntry<S extends ChatStoreId>(
  store: S,
  key: string,
): UseStoreValuesReturnType<S, ChatStorePayloads[S] | undefined> {
  const select = useCallback(
    (view: StoreView<S>) => (Object.hasOwn(view.byKey, key) ? view.byKey[key] : undefined),
    [key],
  )
  return useStoreValues(store, { select })
}
