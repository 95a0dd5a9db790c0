import {
  CHAT_STORES,
  type ChatStoreId,
  type ChatStorePayloads,
  getSyncMessage,
  type LwwMap,
  parseStoreValue,
  type SessionClient,
  type SessionClientEvents,
  type SessionSnapshot,
} from '@chatsync/core'
import { applyUpdates, emptyLwwMap, type StoreUpdate } from '@chatsync/core/internal'

/**
 * An in-memory stand-in for a chat sync client, for unit tests of the React layer only: no relay, no
 * crypto. `pushRemote` applies a batch as if it came from another device.
 */
export function createFakeChatSyncClient({ registered = [] }: { registered?: readonly string[] } = {}) {
  const snapshots = new Map<string, SessionSnapshot>()
  const listeners = new Set<(event: SessionClientEvents['change']) => void>()
  const errorHandlers = new Set<(payload: SessionClientEvents['error']) => void>()
  const isRegistered = new Set(registered)
  const calls = { restore: 0, register: 0, unregister: 0 }
  let lastId = 0
  const empty: SessionSnapshot = Object.freeze({
    status: 'idle' as const,
    stores: {
      sentInvites: emptyLwwMap<ChatStorePayloads['sentInvites']>(),
      threads: emptyLwwMap<ChatStorePayloads['threads']>(),
      inviteKeys: emptyLwwMap<ChatStorePayloads['inviteKeys']>(),
      receivedInviteStatuses: emptyLwwMap<ChatStorePayloads['receivedInviteStatuses']>(),
    },
  })

  function apply(
    account: string,
    updates: { store: ChatStoreId; update: StoreUpdate<unknown> }[],
    source: 'local' | 'remote',
  ) {
    const snapshot = snapshots.get(account) ?? { ...empty, status: 'ready' }
    const stores = { ...snapshot.stores } as Record<ChatStoreId, LwwMap<unknown>>
    const touched = new Set<ChatStoreId>()
    for (const { store, update } of updates) {
      const next = applyUpdates(stores[store], [update])
      if (next !== stores[store]) touched.add(store)
      stores[store] = next
    }
    snapshots.set(account, {
      status: snapshot.status,
      stores: stores as unknown as SessionSnapshot['stores'],
    })
    for (const listener of listeners) listener({ account, stores: [...touched], source })
  }

  function write<S extends ChatStoreId>(
    account: string,
    store: S,
    value: ChatStorePayloads[S],
    source: 'local' | 'remote',
  ) {
    const parsed = parseStoreValue(store, value)
    if (!parsed.ok) throw parsed.error
    const key = CHAT_STORES[store].keyOf(parsed.value as never)
    const id = ++lastId
    apply(account, [{ store, update: { type: 'set', id, key, value: parsed.value } }], source)
    return { key, id, delivered: Promise.resolve() }
  }

  const client = {
    calls,
    getMessage: ({ account }: { account: string }) => getSyncMessage(account),
    async restore({ account }: { account: string }) {
      calls.restore++
      if (!isRegistered.has(account)) return false
      snapshots.set(account, { ...(snapshots.get(account) ?? empty), status: 'ready' })
      return true
    },
    async register({ account }: { account: string; signature: string }) {
      calls.register++
      isRegistered.add(account)
      snapshots.set(account, { ...(snapshots.get(account) ?? empty), status: 'ready' })
    },
    async unregister({ account }: { account: string }) {
      calls.unregister++
      isRegistered.delete(account)
      snapshots.delete(account)
      for (const listener of listeners) listener({ account, stores: [], source: 'local' })
    },
    getSnapshot: ({ account }: { account: string }) => snapshots.get(account) ?? empty,
    async set<S extends ChatStoreId>({
      account,
      store,
      value,
    }: {
      account: string
      store: S
      value: ChatStorePayloads[S]
    }) {
      return write(account, store, value, 'local')
    },
    async delete({ account, store, key }: { account: string; store: ChatStoreId; key: string }) {
      const id = ++lastId
      apply(account, [{ store, update: { type: 'delete', id, key } }], 'local')
      return { key, id, delivered: Promise.resolve() }
    },
    /** `'change'` and `'error'` are reported (readiness shows in the snapshot at once). */
    on<E extends keyof SessionClientEvents>(event: E, handler: (payload: SessionClientEvents[E]) => void) {
      if (event === 'change') {
        const onChange = handler as (payload: SessionClientEvents['change']) => void
        listeners.add(onChange)
        return () => void listeners.delete(onChange)
      }
      if (event !== 'error') return () => {}
      const onError = handler as (payload: SessionClientEvents['error']) => void
      errorHandlers.add(onError)
      return () => void errorHandlers.delete(onError)
    },
    /** Reports a background error, as the engine does for a dropped message or a failed request. */
    reportError(payload: SessionClientEvents['error']) {
      for (const handler of errorHandlers) handler(payload)
    },
    errorListenerCount: () => errorHandlers.size,
    /** Applies remote sets as one batch (one event). */
    pushRemote<S extends ChatStoreId>(account: string, store: S, values: readonly ChatStorePayloads[S][]) {
      apply(
        account,
        values.map((value) => ({
          store,
          update: {
            type: 'set' as const,
            id: ++lastId,
            key: CHAT_STORES[store].keyOf(value as never),
            value,
          },
        })),
        'remote',
      )
    },
  } satisfies SessionClient & Record<string, unknown>
  return client
}

export type FakeChatSyncClient = ReturnType<typeof createFakeChatSyncClient>
