import {
  BaseError,
  CHAT_STORES,
  type ChatStoreId,
  type ChatStorePayloads,
  getSyncMessage,
  type InviteKeys,
  type LwwMap,
  parseStoreValue,
  type SentInvite,
  type SessionChangeEvent,
  type SessionClient,
  type SessionSnapshot,
  type SessionStores,
  type Thread,
} from '@chatsync/core'
import { applyUpdates, createPayloadId, emptyLwwMap } from '@chatsync/core/internal'

export type MemoryChatSyncClientOptions = {
  /** A registration exists already: enabling restores it without asking for a signature. */
  isRegistered?: boolean
  /** Where the account settles once enabled: `syncing` stays there (catching up forever). */
  settlesAs?: 'syncing' | 'ready'
  /** Stored values the account starts with. */
  initial?: {
    sentInvites?: readonly SentInvite[]
    threads?: readonly Thread[]
    inviteKeys?: readonly InviteKeys[]
  }
  /** `apply`: writes apply at once. `hang`: they never settle. `fail`: they are refused. */
  writes?: 'apply' | 'hang' | 'fail'
  /** Enabling fails with this error (the relay or storage could not be reached). */
  enableError?: BaseError
}

/**
 * An in-memory chat sync client for stories: the same `SessionClient` shape the real engine has, with no
 * relay or crypto, so a story can hold a state (signing, syncing, a write in flight) as long as it likes.
 */
export function createMemoryChatSyncClient(options: MemoryChatSyncClientOptions = {}) {
  const { settlesAs = 'ready', writes = 'apply', enableError } = options
  let isRegistered = options.isRegistered ?? false
  const listeners = new Set<(event: SessionChangeEvent) => void>()
  const snapshots = new Map<string, SessionSnapshot>()
  const empty: SessionSnapshot = Object.freeze({
    status: 'idle',
    stores: {
      sentInvites: emptyLwwMap<ChatStorePayloads['sentInvites']>(),
      threads: emptyLwwMap<ChatStorePayloads['threads']>(),
      inviteKeys: emptyLwwMap<ChatStorePayloads['inviteKeys']>(),
      receivedInviteStatuses: emptyLwwMap<ChatStorePayloads['receivedInviteStatuses']>(),
    },
  })

  const emit = (account: string, stores: readonly ChatStoreId[], source: 'local' | 'remote') => {
    for (const listener of listeners) listener({ account, stores, source })
  }

  const setValues = (account: string, values: { store: ChatStoreId; value: unknown }[]) => {
    const snapshot = snapshots.get(account) ?? empty
    const stores = { ...snapshot.stores } as Record<ChatStoreId, LwwMap<unknown>>
    const touched = new Set<ChatStoreId>()
    const results: { key: string; id: number }[] = []
    for (const { store, value } of values) {
      const parsed = parseStoreValue(store, value)
      if (!parsed.ok) throw parsed.error
      const key = (CHAT_STORES[store].keyOf as (value: unknown) => string)(parsed.value)
      const id = createPayloadId()
      stores[store] = applyUpdates(stores[store], [{ type: 'set', id, key, value: parsed.value }])
      touched.add(store)
      results.push({ key, id })
    }
    snapshots.set(account, { status: snapshot.status, stores: stores as unknown as SessionStores })
    return { touched: [...touched], results }
  }

  const activate = (account: string) => {
    if (snapshots.has(account)) return
    snapshots.set(account, { ...empty, status: settlesAs })
    const { initial = {} } = options
    setValues(account, [
      ...(initial.sentInvites ?? []).map((value) => ({ store: 'sentInvites' as const, value })),
      ...(initial.threads ?? []).map((value) => ({ store: 'threads' as const, value })),
      ...(initial.inviteKeys ?? []).map((value) => ({ store: 'inviteKeys' as const, value })),
    ])
  }

  const client = {
    getMessage: ({ account }) => getSyncMessage(account),
    async register({ account }) {
      if (enableError) throw enableError
      isRegistered = true
      activate(account)
      emit(account, [], 'local')
    },
    async restore({ account }) {
      if (enableError) throw enableError
      if (!isRegistered) return false
      activate(account)
      return true
    },
    async unregister({ account }) {
      isRegistered = false
      snapshots.delete(account)
      emit(account, ['sentInvites', 'threads', 'inviteKeys', 'receivedInviteStatuses'], 'local')
    },
    getSnapshot: ({ account }) => snapshots.get(account) ?? empty,
    on(event, handler) {
      if (event !== 'change') return () => {}
      const listener = handler as (event: SessionChangeEvent) => void
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    async set({ account, store, value }) {
      if (writes === 'hang') return new Promise<never>(() => {})
      if (writes === 'fail')
        throw new BaseError('The change could not be saved.', { details: 'The relay did not accept it.' })
      const { touched, results } = setValues(account, [{ store, value }])
      emit(account, touched, 'local')
      const [result] = results as [{ key: string; id: number }]
      return { ...result, delivered: Promise.resolve() }
    },
    async delete({ account, store, key }) {
      if (writes === 'hang') return new Promise<never>(() => {})
      if (writes === 'fail') throw new BaseError('The change could not be saved.')
      const snapshot = snapshots.get(account) ?? empty
      const id = createPayloadId()
      const stores = { ...snapshot.stores } as Record<ChatStoreId, LwwMap<unknown>>
      stores[store] = applyUpdates(stores[store], [{ type: 'delete', id, key }])
      snapshots.set(account, { status: snapshot.status, stores: stores as unknown as SessionStores })
      emit(account, [store], 'local')
      return { key, id, delivered: Promise.resolve() }
    },
  } satisfies SessionClient
  return client
}
