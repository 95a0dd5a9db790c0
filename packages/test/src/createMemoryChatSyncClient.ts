import {
  type AccountInspection,
  type AccountSnapshot,
  BaseError,
  CHAT_STORE_IDS,
  CHAT_STORES,
  type ChatStoreId,
  type ChatStorePayloads,
  type ChatSyncEvents,
  type ChatSyncStores,
  type ChatSyncWriteResult,
  getSyncMessage,
  type InviteKeys,
  type LwwMap,
  parseStoreValue,
  type RelayConnectionStatus,
  type SentInvite,
  type SessionClient,
  type Thread,
} from '@chatsync/core'
import { applyUpdates, emptyLwwMap, inspectStores, type StoreUpdate } from '@chatsync/core/internal'

export type MemoryChatSyncClientOptions = {
  /** Accounts with a registration already: enabling restores them without asking for a signature. */
  registered?: readonly string[]
  /** Where an account settles once enabled: `syncing` stays there (catching up forever). Default `ready`. */
  settlesAs?: 'syncing' | 'ready'
  /** Stored values an account starts with once enabled. */
  initial?: {
    sentInvites?: readonly SentInvite[]
    threads?: readonly Thread[]
    inviteKeys?: readonly InviteKeys[]
  }
  /**
   * `apply` (default): writes apply at once. `hang`: they never settle (in flight in the outbox). `fail`:
   * they are refused. `retry`: they apply here, but the relay refuses every publish: they wait in the
   * outbox for a retry and `delivered` never settles.
   */
  writes?: 'apply' | 'hang' | 'fail' | 'retry'
  /**
   * The relay connection snapshots and `inspect` report (there is no relay; `setConnection` changes it).
   * Default `connected`.
   */
  relay?: RelayConnectionStatus
  /** Enabling (restoring or registering) fails with this error: the relay or storage could not be reached. */
  enableError?: BaseError
}

type Update = { store: ChatStoreId; update: StoreUpdate<unknown> }

type OutboxEntry = AccountInspection['outbox']['items'][number]

/** The engine's default retention (30 days, refreshed after 22.5), as `inspect` reports it. */
const DAY = 24 * 60 * 60
const KEEP_ALIVE = { ttlSeconds: 30 * DAY, refreshAfterSeconds: 22.5 * DAY }

const keyOf = (store: ChatStoreId, value: unknown) =>
  (CHAT_STORES[store].keyOf as (value: unknown) => string)(value)

/**
 * An in-memory chat sync client with the `SessionClient` shape of the real engine and no relay or crypto,
 * for the React layer's tests and for stories: a story can hold a state (signing, syncing, a write in
 * flight) as long as it likes. `pushRemote` applies a batch as if another device wrote it, `reportError`
 * reports a background error, `inspect` shows its state as the engine's does (for devtools), and `calls`
 * counts restores, registrations and unregistrations.
 */
export function createMemoryChatSyncClient(options: MemoryChatSyncClientOptions = {}) {
  const { settlesAs = 'ready', writes = 'apply', enableError, initial = {} } = options
  let connection: RelayConnectionStatus = options.relay ?? 'connected'
  /** Each snapshot with the connection, the same object until either changes. */
  let shown = new WeakMap<AccountSnapshot, AccountSnapshot>()
  const withConnection = (snapshot: AccountSnapshot) => {
    let result = shown.get(snapshot)
    if (!result) {
      result = { ...snapshot, connection }
      shown.set(snapshot, result)
    }
    return result
  }
  const registered = new Set(options.registered)
  const snapshots = new Map<string, AccountSnapshot>()
  const changeListeners = new Set<(event: ChatSyncEvents['change']) => void>()
  const errorListeners = new Set<(event: ChatSyncEvents['error']) => void>()
  const calls = { restore: 0, register: 0, unregister: 0 }
  let lastId = 0
  // For `inspect`, per account: the id each key's local write got (its last writer is this device while
  // the entry still holds that id), the writes not delivered, and the last (in-memory) catch-up.
  const localIds = new Map<string, Map<string, number>>()
  const outboxes = new Map<string, OutboxEntry[]>()
  const catchUps = new Map<string, NonNullable<AccountInspection['catchUp']['last']>>()
  const noKeys: AccountSnapshot['unsynced'] = {
    sentInvites: new Set(),
    threads: new Set(),
    inviteKeys: new Set(),
    receivedInviteStatuses: new Set(),
  }
  const empty: AccountSnapshot = Object.freeze({
    status: 'idle' as const,
    stores: {
      sentInvites: emptyLwwMap<ChatStorePayloads['sentInvites']>(),
      threads: emptyLwwMap<ChatStorePayloads['threads']>(),
      inviteKeys: emptyLwwMap<ChatStorePayloads['inviteKeys']>(),
      receivedInviteStatuses: emptyLwwMap<ChatStorePayloads['receivedInviteStatuses']>(),
    },
    unsynced: noKeys,
    restored: false,
    connection: 'connected',
  })

  /** The keys of each store with a write in the outbox (writes that never settle). */
  function unsyncedOf(account: string): AccountSnapshot['unsynced'] {
    const items = outboxes.get(account) ?? []
    if (items.length === 0) return noKeys
    const keys = { ...noKeys } as Record<ChatStoreId, ReadonlySet<string>>
    for (const store of CHAT_STORE_IDS) {
      const pending = items.filter((item) => item.store === store).map((item) => item.key)
      if (pending.length > 0) keys[store] = new Set(pending)
    }
    return keys
  }

  function emit(account: string, stores: readonly ChatStoreId[], source: ChatSyncEvents['change']['source']) {
    for (const listener of changeListeners) listener({ account, stores, source })
  }

  /** Applies `updates` to the account's stores as one batch; returns the stores that changed. */
  function apply(account: string, updates: readonly Update[]): ChatStoreId[] {
    const snapshot = snapshots.get(account) ?? { ...empty, status: settlesAs }
    const stores = { ...snapshot.stores } as Record<ChatStoreId, LwwMap<unknown>>
    const touched = new Set<ChatStoreId>()
    for (const { store, update } of updates) {
      const next = applyUpdates(stores[store], [update])
      if (next !== stores[store]) touched.add(store)
      stores[store] = next
    }
    snapshots.set(account, {
      ...snapshot,
      stores: stores as unknown as ChatSyncStores,
      unsynced: unsyncedOf(account),
    })
    return [...touched]
  }

  /** A set of a validated `value` (a local write, or a value the account starts with). */
  function setOf(store: ChatStoreId, value: unknown): Update & { key: string; id: number } {
    const parsed = parseStoreValue(store, value as never)
    if (!parsed.ok) throw parsed.error
    const key = keyOf(store, parsed.value)
    const id = ++lastId
    return { store, key, id, update: { type: 'set', id, key, value: parsed.value } }
  }

  /** The account settles as `settlesAs`; the first time, with the `initial` values (read as if from the relay). */
  function activate(account: string, restored: boolean) {
    const existing = snapshots.get(account)
    snapshots.set(account, { ...(existing ?? empty), status: settlesAs, restored })
    if (existing) return
    const started = Date.now()
    const values = [
      ...(initial.sentInvites ?? []).map((value) => setOf('sentInvites', value)),
      ...(initial.threads ?? []).map((value) => setOf('threads', value)),
      ...(initial.inviteKeys ?? []).map((value) => setOf('inviteKeys', value)),
    ]
    apply(account, values)
    if (settlesAs === 'ready')
      catchUps.set(account, {
        at: Date.now(),
        messages: values.length,
        ms: Date.now() - started,
        rebuilt: false,
      })
  }

  /** Where `writes` says a write does not apply: it hangs, or it is refused with `details`. */
  function refused(
    account: string,
    item: () => Omit<OutboxEntry, 'id' | 'sending'>,
    details?: string,
  ): Promise<never> | undefined {
    if (writes === 'hang') {
      outboxOf(account).push({ ...item(), id: ++lastId, sending: true })
      return new Promise<never>(() => {})
    }
    if (writes === 'fail') throw new BaseError('The change could not be saved.', { details })
    return undefined
  }

  const outboxOf = (account: string) => {
    const outbox = outboxes.get(account) ?? []
    outboxes.set(account, outbox)
    return outbox
  }

  /** A local write applied: this device is its last writer; with `retry`, it waits in the outbox. */
  function wrote(account: string, item: Omit<OutboxEntry, 'sending'>): Promise<void> {
    const ids = localIds.get(account) ?? new Map<string, number>()
    localIds.set(account, ids.set(`${item.store}\u0000${item.key}`, item.id))
    if (writes !== 'retry') return Promise.resolve()
    outboxOf(account).push({ ...item, sending: false })
    return new Promise<void>(() => {})
  }

  /** What `inspect` shows of an account's stores: the engine's own view of entries (secrets masked). */
  function inspectAccountStores(account: string, stores: ChatSyncStores): AccountInspection['stores'] {
    return inspectStores(stores as ChatSyncStores, localIds.get(account) ?? new Map(), () => undefined)
  }

  const client = {
    calls,
    getMessage: ({ account }: { account: string }) => getSyncMessage(account),
    async restore({ account }: { account: string }) {
      calls.restore++
      if (enableError) throw enableError
      if (!registered.has(account)) return false
      activate(account, true)
      return true
    },
    async register({ account }: { account: string; signature: string }) {
      calls.register++
      if (enableError) throw enableError
      registered.add(account)
      activate(account, false)
    },
    async unregister({ account }: { account: string }) {
      calls.unregister++
      registered.delete(account)
      snapshots.delete(account)
      localIds.delete(account)
      outboxes.delete(account)
      catchUps.delete(account)
      emit(account, CHAT_STORE_IDS, 'local')
    },
    getSnapshot: ({ account }: { account: string }) => withConnection(snapshots.get(account) ?? empty),
    async set<S extends ChatStoreId>({
      account,
      store,
      value,
    }: {
      account: string
      store: S
      value: ChatStorePayloads[S]
    }): Promise<ChatSyncWriteResult> {
      const hanging = refused(
        account,
        () => ({ store, key: keyOf(store, value), method: 'wc_syncSet' }),
        'The relay did not accept it.',
      )
      if (hanging) return hanging
      const { key, id, ...update } = setOf(store, value)
      const delivered = wrote(account, { store, key, id, method: 'wc_syncSet' })
      emit(account, apply(account, [update]), 'local')
      return { key, id, delivered, saved: Promise.resolve() }
    },
    async delete({
      account,
      store,
      key,
    }: {
      account: string
      store: ChatStoreId
      key: string
    }): Promise<ChatSyncWriteResult> {
      const hanging = refused(account, () => ({ store, key, method: 'wc_syncDel' }))
      if (hanging) return hanging
      const id = ++lastId
      const delivered = wrote(account, { store, key, id, method: 'wc_syncDel' })
      emit(account, apply(account, [{ store, update: { type: 'delete', id, key } }]), 'local')
      return { key, id, delivered, saved: Promise.resolve() }
    },
    /** `'change'` and `'error'` are reported (readiness shows in the snapshot at once). */
    on<E extends keyof ChatSyncEvents>(event: E, handler: (payload: ChatSyncEvents[E]) => void) {
      if (event === 'change') {
        const onChange = handler as (payload: ChatSyncEvents['change']) => void
        changeListeners.add(onChange)
        return () => void changeListeners.delete(onChange)
      }
      if (event !== 'error') return () => {}
      const onError = handler as (payload: ChatSyncEvents['error']) => void
      errorListeners.add(onError)
      return () => void errorListeners.delete(onError)
    },
    /**
     * What the client holds for an enabled account, as the engine's `inspect` reports it (secret fields
     * masked; the signature is never kept). There is no relay, storage or keep-alive: those show as idle.
     */
    inspect({ account }: { account: string }): AccountInspection | undefined {
      const snapshot = snapshots.get(account)
      if (!snapshot || snapshot.status === 'idle') return undefined
      const items = outboxes.get(account) ?? []
      const waiting = items.filter((item) => !item.sending).length
      return {
        account,
        status: snapshot.status,
        catchUp: { status: snapshot.status === 'ready' ? 'idle' : 'fetching', last: catchUps.get(account) },
        relay: {
          connection,
          url: 'memory://',
          connected: connection === 'connected',
          closedByApp: false,
          failure:
            connection === 'offline'
              ? {
                  reason: 'refused',
                  message: 'The relay at memory:// cannot be reached: the connection was refused.',
                }
              : undefined,
        },
        stores: inspectAccountStores(account, snapshot.stores),
        outbox: { items: items.map((item) => ({ ...item })), failures: waiting, retrying: waiting > 0 },
        storage: { saving: false, generation: 0, journalEntries: 0 },
        keepAlive: { nextRefreshAt: undefined, ...KEEP_ALIVE },
      }
    },
    /** Reports a background error, as the engine does for a dropped message or a failed request. */
    reportError(payload: ChatSyncEvents['error']) {
      for (const listener of errorListeners) listener(payload)
    },
    errorListenerCount: () => errorListeners.size,
    /** Changes the relay connection, as the engine's monitor does: a change of every enabled account. */
    setConnection(next: RelayConnectionStatus) {
      if (next === connection) return
      connection = next
      shown = new WeakMap()
      for (const account of snapshots.keys()) emit(account, [], 'remote')
    },
    /** Applies remote sets as one batch (one event), as they come: not validated. */
    pushRemote<S extends ChatStoreId>(account: string, store: S, values: readonly ChatStorePayloads[S][]) {
      const updates = values.map((value) => ({
        store,
        update: { type: 'set' as const, id: ++lastId, key: keyOf(store, value), value },
      }))
      emit(account, apply(account, updates), 'remote')
    },
  } satisfies SessionClient & Record<string, unknown>
  return client
}

export type MemoryChatSyncClient = ReturnType<typeof createMemoryChatSyncClient>
