import {
  type ChatStoreId,
  type ChatSyncConfig,
  type ChatSyncState,
  deleteStoreEntryMutationOptions,
  getQueryState,
  setStoreEntryMutationOptions,
} from '@chatsync/core'
import { toQueryResult } from '@chatsync/core/internal'
import { MutationObserver, type MutationObserverResult, type QueryClient } from '@tanstack/react-query'
import type { QueryResult } from './queryResult.js'

type Kind = 'set' | 'remove'
type Observer = MutationObserver<unknown, unknown, unknown>
type MutateOptions = Parameters<Observer['mutate']>[1]
type ObserverOptions = ConstructorParameters<typeof MutationObserver>[1]

/** A row hook's external store: what `useSyncExternalStore` reads for one entry of one store. */
export type EntryRow = {
  readonly config: ChatSyncConfig
  readonly queryClient: QueryClient
  /** The entry the row reads and writes (set on each render: a row may change its key). */
  bind(store: ChatStoreId, key: string): void
  /** Calls `onChange` after every state change and every change of the row's writes. */
  readonly subscribe: (onChange: () => void) => () => void
  /** The row's result: the same object until its entry, sync state, query state or writes change. */
  readonly getSnapshot: () => object
  /** The result on the config's initial state (server rendering, hydration). */
  readonly getServerSnapshot: () => object
}

const ignore = () => {}
/** `reset` of a write that never ran: there is nothing to reset. */
const resetIdle = () => {}

/** One write of a row (`set` or `remove`): its functions, made when first read, and its observer. */
class Write {
  observer: Observer | undefined = undefined
  off: (() => void) | undefined = undefined
  constructor(
    readonly row: Row,
    readonly kind: Kind,
  ) {}

  mutateAsync = (variables: unknown, options?: MutateOptions) => this.observe().mutate(variables, options)
  mutate = (variables: unknown, options?: MutateOptions) => {
    this.mutateAsync(variables, options).catch(ignore)
  }

  /** The observer, on the row's current key; made on the first write. */
  observe(): Observer {
    const { config, queryClient, store, key } = this.row
    const options = (this.kind === 'set' ? setStoreEntryMutationOptions : deleteStoreEntryMutationOptions)(
      config,
      { store, key },
    ) as unknown as ObserverOptions
    if (this.observer) {
      this.observer.setOptions(options)
      return this.observer
    }
    const observer = new MutationObserver(queryClient, options) as Observer
    this.observer = observer
    this.off = observer.subscribe(() => this.row.changed(this.kind))
    return observer
  }

  /** Unmounted: the observer goes (a remount makes one again on its next write). */
  drop() {
    if (!this.observer) return
    this.off?.()
    this.observer = this.off = undefined
    this.row.changed(this.kind)
  }
}

/**
 * The row an idle result of each write belongs to, in a property that spreads, `Object.keys` and equality
 * checks do not see. One symbol per write, so that the results of each share one hidden class.
 */
const ROW_OF = { set: Symbol('set'), remove: Symbol('remove') }
type IdleResult = { [key: symbol]: Row }
/** `mutate` and `mutateAsync` of a write's idle results: getters that make the write when first read. */
const writeFunctions = (kind: Kind) => {
  const row = ROW_OF[kind]
  const getter = (name: 'mutate' | 'mutateAsync'): PropertyDescriptor => ({
    get(this: IdleResult) {
      return (this[row] as Row).write(kind)[name]
    },
    enumerable: true,
    configurable: true,
  })
  return { mutate: getter('mutate'), mutateAsync: getter('mutateAsync') }
}
const functionsOf = { set: writeFunctions('set'), remove: writeFunctions('remove') }

/**
 * TanStack's idle mutation result, for a write that never ran: a literal of a fixed shape (a third of
 * what a spread one costs), with getters that make the write's functions when first read.
 */
function idleResult(row: Row, kind: Kind): object {
  const result = {
    context: undefined,
    data: undefined,
    error: null,
    failureCount: 0,
    failureReason: null,
    isPaused: false,
    status: 'idle',
    variables: undefined,
    submittedAt: 0,
    isPending: false,
    isSuccess: false,
    isError: false,
    isIdle: true,
    reset: resetIdle,
  }
  // Properties added (not reconfigured, which is several times slower): a thousand rows mount at once.
  Object.defineProperty(result, ROW_OF[kind], { value: row })
  Object.defineProperty(result, 'mutate', functionsOf[kind].mutate)
  Object.defineProperty(result, 'mutateAsync', functionsOf[kind].mutateAsync)
  return result
}

/**
 * One row's state. A list holds a thousand, so a row makes nothing it does not need: its result is
 * rebuilt only when what it shows changes, its writes' functions when first read, and each write's
 * TanStack mutation observer on its first run (then it shows in TanStack's devtools and `useIsMutating`).
 */
class Row implements EntryRow {
  store: ChatStoreId = 'threads'
  key = ''
  listener: (() => void) | undefined = undefined
  snapshot: (QueryResult<unknown> & { isSynced: boolean }) | undefined = undefined
  /** Each write's result: the same object until its observer reports a change. */
  setResult: object | undefined = undefined
  removeResult: object | undefined = undefined
  setWrite: Write | undefined = undefined
  removeWrite: Write | undefined = undefined

  constructor(
    readonly config: ChatSyncConfig,
    readonly queryClient: QueryClient,
  ) {}

  bind(store: ChatStoreId, key: string) {
    this.store = store
    this.key = key
  }

  write(kind: Kind): Write {
    if (kind === 'set') {
      this.setWrite ??= new Write(this, kind)
      return this.setWrite
    }
    this.removeWrite ??= new Write(this, kind)
    return this.removeWrite
  }

  resultOf(kind: Kind): object {
    const write = kind === 'set' ? this.setWrite : this.removeWrite
    if (!write?.observer) return idleResult(this, kind)
    const { mutate, mutateAsync } = write
    return { ...(write.observer.getCurrentResult() as MutationObserverResult), mutate, mutateAsync }
  }

  /** A write's result changed: so does the row's. */
  changed(kind: Kind) {
    if (kind === 'set') this.setResult = undefined
    else this.removeResult = undefined
    this.snapshot = undefined
    this.listener?.()
  }

  subscribe = (onChange: () => void) => {
    this.listener = onChange
    const unsubscribe = this.config.state.subscribe(onChange)
    return () => {
      unsubscribe()
      this.listener = undefined
      this.setWrite?.drop()
      this.removeWrite?.drop()
    }
  }

  getSnapshot = () => this.snapshotOf(this.config.state.getState())
  getServerSnapshot = () => this.snapshotOf(this.config.state.getInitialState())

  snapshotOf(state: ChatSyncState): object {
    const { store, key, snapshot } = this
    const query = getQueryState(state)
    const { byKey, unsynced } = state.stores[store]
    const value = query.status === 'success' && Object.hasOwn(byKey, key) ? byKey[key] : undefined
    const isSynced = unsynced.size === 0 || !unsynced.has(key)
    if (
      snapshot &&
      snapshot.data === value &&
      snapshot.isSynced === isSynced &&
      snapshot.status === query.status &&
      snapshot.fetchStatus === query.fetchStatus &&
      snapshot.error === query.error
    )
      return snapshot
    this.setResult ??= this.resultOf('set')
    this.removeResult ??= this.resultOf('remove')
    const result = toQueryResult(query, value)
    // A literal of a fixed shape: every row's result has the same hidden class.
    this.snapshot = {
      data: result.data,
      error: result.error,
      status: result.status,
      fetchStatus: result.fetchStatus,
      isPending: result.isPending,
      isSuccess: result.isSuccess,
      isError: result.isError,
      isLoading: result.isLoading,
      isFetching: result.isFetching,
      isPaused: result.isPaused,
      isSynced,
      set: this.setResult,
      remove: this.removeResult,
    } as QueryResult<unknown> & { isSynced: boolean }
    return this.snapshot
  }
}

/**
 * The state behind one row hook: its entry as a query result, with its sync state and writes bound to its
 * key, one object per change. A list of a thousand rows holds no mutation observer.
 */
export function createEntryRow(config: ChatSyncConfig, queryClient: QueryClient): EntryRow {
  return new Row(config, queryClient)
}
