'use client'
import {
  type ChatStoreId,
  type ChatStorePayloads,
  type ChatSyncConfig,
  type DeleteStoreValueErrorType,
  type DeleteStoreValueReturnType,
  deleteStoreEntryMutationOptions,
  type SetStoreEntryErrorType,
  type SetStoreValueReturnType,
  setStoreEntryMutationOptions,
} from '@chatsync/core'
import {
  MutationObserver,
  type QueryClient,
  type UseMutationResult,
  useQueryClient,
} from '@tanstack/react-query'
import { useState, useSyncExternalStore } from 'react'

/** A row's writes, bound to its key: TanStack mutation results (no observer until the first write). */
export type EntryWrites<S extends ChatStoreId> = {
  /** Writes this entry; a value whose key is another entry's fails with `StoreKeyMismatchError`. */
  set: UseMutationResult<SetStoreValueReturnType, SetStoreEntryErrorType, ChatStorePayloads[S]>
  /** Deletes this entry (`remove.mutate()`). */
  remove: UseMutationResult<DeleteStoreValueReturnType, DeleteStoreValueErrorType, void>
}

type Observer = MutationObserver<unknown, unknown, unknown>
type Binding = { queryClient: QueryClient; config: ChatSyncConfig; store: ChatStoreId; key: string }

const idle = {
  context: undefined,
  data: undefined,
  error: null,
  failureCount: 0,
  failureReason: null,
  isPaused: false,
  status: 'idle',
  variables: undefined,
  submittedAt: 0,
  isIdle: true,
  isPending: false,
  isSuccess: false,
  isError: false,
} as const

/**
 * The writes of one row. A list of a thousand rows holds no mutation observers: each write creates its
 * observer on first use (then it shows in TanStack's devtools and `useIsMutating` like any mutation).
 */
export function useEntryWrites<S extends ChatStoreId>(
  config: ChatSyncConfig,
  store: S,
  key: string,
): EntryWrites<S> {
  const queryClient = useQueryClient()
  const [writes] = useState(createWrites)
  writes.bind({ queryClient, config, store, key })
  useSyncExternalStore(writes.subscribe, writes.version, writes.version)
  return { set: writes.result('set'), remove: writes.result('remove') } as unknown as EntryWrites<S>
}

function createWrites() {
  let binding: Binding | undefined
  let version = 0
  let listener: (() => void) | undefined
  const observers: { set?: Observer; remove?: Observer; off: (() => void)[] } = { off: [] }
  const optionsOf = (kind: 'set' | 'remove') => {
    const { config, store, key } = binding as Binding
    return (kind === 'set' ? setStoreEntryMutationOptions : deleteStoreEntryMutationOptions)(config, {
      store,
      key,
    }) as unknown as ConstructorParameters<typeof MutationObserver>[1]
  }
  const observerOf = (kind: 'set' | 'remove'): Observer => {
    const existing = observers[kind]
    if (existing) {
      existing.setOptions(optionsOf(kind))
      return existing
    }
    const observer = new MutationObserver((binding as Binding).queryClient, optionsOf(kind)) as Observer
    observers[kind] = observer
    observers.off.push(
      observer.subscribe(() => {
        version++
        listener?.()
      }),
    )
    return observer
  }
  const actionsOf = (kind: 'set' | 'remove') => {
    const mutateAsync = (variables: unknown, options?: object) => observerOf(kind).mutate(variables, options)
    return {
      mutateAsync,
      mutate: (variables: unknown, options?: object) => {
        mutateAsync(variables, options).catch(() => {})
      },
      reset: () => observers[kind]?.reset(),
    }
  }
  const actions = { set: actionsOf('set'), remove: actionsOf('remove') }
  return {
    bind(next: Binding) {
      binding = next
    },
    subscribe(onChange: () => void) {
      listener = onChange
      return () => {
        listener = undefined
        for (const off of observers.off.splice(0)) off()
        observers.set = undefined
        observers.remove = undefined
      }
    },
    version: () => version,
    result(kind: 'set' | 'remove') {
      const current = observers[kind]?.getCurrentResult() ?? idle
      // The same functions on every render, as TanStack's `mutate`: effects may depend on them.
      return { ...current, ...actions[kind] }
    },
  }
}
