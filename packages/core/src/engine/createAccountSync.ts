import { applyUpdates, type StoreState, type StoreUpdate } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../stores/catalogue.js'
import { createPayloadId } from '../wire/createPayloadId.js'
import { SYNC_PUBLISH_OPTIONS } from '../wire/syncPublishOptions.js'
import { buildSyncDel, buildSyncSet } from '../wire/syncRequest.js'
import type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from './chatSyncCore.js'
import { createOutbox } from './createOutbox.js'
import { createPersister } from './createPersister.js'
import { decodeStoreMessage } from './decodeStoreMessage.js'
import { sealEnvelope } from './envelope.js'
import {
  DeliveryCancelledError,
  type IncomingMessageError,
  RelayDisconnectedError,
  RelayRequestError,
  StorageError,
  TransportClosedError,
} from './errors.js'
import { fetchHistory, type HistoryMessage } from './fetchHistory.js'
import { encodePersistedAccount, type OutboxItem } from './persistedAccount.js'
import { backoffDelay, ENGINE_LIMITS, relayRequest, scheduleSoon } from './timing.js'
import type {
  AccountSnapshot,
  ChatSyncChangeEvent,
  ChatSyncReportedErrorType,
  ChatSyncStores,
  ChatSyncWriteResult,
} from './types.js'

export type AccountSyncContext = {
  core: ChatSyncCore
  logger: ChatSyncLogger | undefined
  storage: ChatSyncStorage
  storageKey: string
  persistSignature: boolean
  emitChange(event: ChatSyncChangeEvent): void
  emitReady(account: string): void
  emitError(account: string, error: ChatSyncReportedErrorType): void
  /** Subscribes store topics on the relay (see createRelaySubscriptions). */
  subscribe(topics: readonly string[]): Promise<void>
}

export type LocalChange =
  | { type: 'set'; key: string; value: unknown; text: string }
  | { type: 'delete'; key: string }

export type AccountSync = {
  readonly account: string
  readonly signature: string | undefined
  readonly topics: Readonly<Record<ChatStoreId, string>>
  getSnapshot(): AccountSnapshot
  write(storeId: ChatStoreId, change: LocalChange): ChatSyncWriteResult
  /** A live message from the relayer pipeline; coalesced with the others of this turn. */
  receive(storeId: ChatStoreId, message: unknown): void
  /** Catch up (fetch history, subscribe once, fetch again); concurrent requests collapse into one more run. */
  requestSync(): void
  /** Settles after the first catch-up attempt, whether it succeeded or not. */
  readonly firstSync: Promise<void>
  /** A relay connection opened (`isReconnect` when one was open before): resend, resubscribe, catch up. */
  onConnect(isReconnect: boolean): void
  /** The relay connection dropped: the relay forgot the subscriptions. */
  onDisconnect(): void
  persistNow(): Promise<void>
  /** Stops all activity. Unless `forget`, pending state is written first. */
  stop(options: { forget: boolean; reason: 'unregistered' | 'destroyed' }): Promise<void>
}

const yieldToEventLoop = () => new Promise<void>((resolve) => scheduleSoon(resolve))

const emptyUpdates = () => byStore((): StoreUpdate<unknown>[] => [])

function lastId(state: StoreState<unknown>, key: string): number {
  return Object.hasOwn(state.ids, key) ? (state.ids[key] as number) : 0
}

/**
 * One registered account: its stores, its outbox, its persistence and its catch-up with the relay.
 *
 * Local writes are queued per store and folded (with `applyUpdates`, one copy per store) only when the
 * state is read or persisted, so a burst of writes costs one copy rather than one per write. Remote
 * messages are folded as soon as their batch is decoded, because whether they change anything (and so
 * whether to notify) is only known then.
 */
export function createAccountSync({
  account,
  signature,
  topics,
  keys,
  stores: initialStores,
  outbox: initialOutbox,
  context,
}: {
  account: string
  signature: string | undefined
  topics: Record<ChatStoreId, string>
  /** Store keys, when known: messages are then sealed and opened here rather than by the core. */
  keys: Record<ChatStoreId, Uint8Array> | undefined
  stores: ChatSyncStores
  outbox: readonly OutboxItem[]
  context: AccountSyncContext
}): AccountSync {
  const { core, storage, storageKey, persistSignature } = context
  const states = { ...initialStores } as Record<ChatStoreId, StoreState<unknown>>
  const pending = emptyUpdates()
  const pendingIds = byStore(() => new Map<string, number>())
  const topicList = CHAT_STORE_IDS.map((storeId) => topics[storeId])
  const storeOfTopic = new Map<string, ChatStoreId>(
    CHAT_STORE_IDS.map((storeId) => [topics[storeId], storeId]),
  )

  let status: 'syncing' | 'ready' = 'syncing'
  let snapshot: AccountSnapshot | undefined
  let stopped = false

  // ---------- state ----------

  function materialize() {
    for (const storeId of CHAT_STORE_IDS) {
      const queue = pending[storeId]
      if (queue.length === 0) continue
      states[storeId] = applyUpdates(states[storeId], queue)
      pending[storeId] = []
      pendingIds[storeId].clear()
    }
  }

  function getSnapshot(): AccountSnapshot {
    materialize()
    const current = snapshot
    if (
      current &&
      current.status === status &&
      CHAT_STORE_IDS.every((storeId) => current.stores[storeId] === states[storeId])
    ) {
      return current
    }
    snapshot = Object.freeze({
      status,
      stores: Object.freeze({ ...states }) as ChatSyncStores,
    })
    return snapshot
  }

  // ---------- persistence ----------

  const persister = createPersister({
    delayMs: ENGINE_LIMITS.persistDelayMs,
    write: async () => {
      materialize()
      const record = encodePersistedAccount({
        account,
        signature: persistSignature ? signature : undefined,
        topics,
        stores: states as ChatSyncStores,
        outbox: outbox.items(),
      })
      await storage.setItem(storageKey, record)
    },
    onError: (cause) => context.emitError(account, new StorageError({ operation: 'save', account, cause })),
  })

  // ---------- outbox ----------

  function seal(item: OutboxItem): string | Promise<string> {
    const request =
      item.method === 'wc_syncSet'
        ? buildSyncSet({ id: item.id, key: item.key, value: item.value })
        : buildSyncDel({ id: item.id, key: item.key })
    const key = keys?.[item.store]
    return key ? sealEnvelope(key, JSON.stringify(request)) : core.crypto.encode(topics[item.store], request)
  }

  const outbox = createOutbox({
    initial: initialOutbox,
    maxRequests: ENGINE_LIMITS.publishRequests,
    batchSize: ENGINE_LIMITS.publishBatchSize,
    retryBaseMs: ENGINE_LIMITS.retryBaseMs,
    retryMaxMs: ENGINE_LIMITS.retryMaxMs,
    onChange: () => persister.schedule(),
    onFailure: (cause) =>
      context.emitError(account, new RelayRequestError({ operation: 'publish', account, cause })),
    send: async (items) => {
      if (core.relayer.transportExplicitlyClosed) {
        // The app closed the transport on purpose; publishing would reopen it. Retried on reconnect.
        throw new TransportClosedError()
      }
      const messages = await Promise.all(
        items.map(async (item) => ({
          topic: topics[item.store],
          message: await seal(item),
          ...SYNC_PUBLISH_OPTIONS[item.method],
        })),
      )
      // Published with plain relay requests: `core.relayer.publish` would also record every outgoing
      // message in the core's message tracker (a storage write of its whole record each time), and its
      // own retry queue resolves a publish that failed for good only after a minute. The outbox retries.
      // Writes that queued up behind others go out as one `irn_batchPublish`.
      await (messages.length === 1
        ? relayRequest(core, 'irn_publish', messages[0])
        : relayRequest(core, 'irn_batchPublish', { messages }))
    },
  })

  // ---------- local writes ----------

  const locallyChanged = new Set<ChatStoreId>()
  let localNotifyScheduled = false

  function notifyLocal() {
    localNotifyScheduled = false
    if (stopped || locallyChanged.size === 0) return
    const changed = CHAT_STORE_IDS.filter((storeId) => locallyChanged.has(storeId))
    locallyChanged.clear()
    context.emitChange({ account, stores: changed, source: 'local' })
  }

  function write(storeId: ChatStoreId, change: LocalChange): ChatSyncWriteResult {
    const { key } = change
    // The new id must beat the id this device has for the key, even if another device's clock is ahead:
    // otherwise the write would lose on every device, including this one.
    const previous = Math.max(lastId(states[storeId], key), pendingIds[storeId].get(key) ?? 0)
    let id = createPayloadId()
    if (id <= previous) id = previous + 1
    const update: StoreUpdate<unknown> =
      change.type === 'set' ? { type: 'set', id, key, value: change.value } : { type: 'delete', id, key }
    pending[storeId].push(update)
    pendingIds[storeId].set(key, id)
    locallyChanged.add(storeId)
    if (!localNotifyScheduled) {
      localNotifyScheduled = true
      queueMicrotask(notifyLocal)
    }
    const item: OutboxItem =
      change.type === 'set'
        ? { store: storeId, method: 'wc_syncSet', id, key, value: change.text }
        : { store: storeId, method: 'wc_syncDel', id, key }
    const delivered = outbox.push(item)
    return { key, id, delivered }
  }

  // ---------- remote changes ----------

  function applyRemote(updates: Record<ChatStoreId, StoreUpdate<unknown>[]>, markReady: boolean) {
    if (stopped) return
    const changed: ChatStoreId[] = []
    for (const storeId of CHAT_STORE_IDS) {
      const list = updates[storeId]
      if (list.length === 0) continue
      const next = applyUpdates(states[storeId], list)
      if (next !== states[storeId]) {
        states[storeId] = next
        changed.push(storeId)
      }
    }
    const becameReady = markReady && status !== 'ready'
    if (becameReady) status = 'ready'
    if (changed.length > 0) persister.schedule()
    if (changed.length > 0 || becameReady) context.emitChange({ account, stores: changed, source: 'remote' })
    if (becameReady) context.emitReady(account)
  }

  async function decodeInto(
    messages: readonly { storeId: ChatStoreId; message: unknown }[],
    updates: Record<ChatStoreId, StoreUpdate<unknown>[]>,
  ) {
    const results = await Promise.all(
      messages.map(({ storeId, message }) =>
        decodeStoreMessage(core, { account, storeId, topic: topics[storeId], message, key: keys?.[storeId] }),
      ),
    )
    const errors: IncomingMessageError[] = []
    results.forEach((result, index) => {
      if (result.ok) updates[(messages[index] as { storeId: ChatStoreId }).storeId].push(result.value)
      else errors.push(result.error)
    })
    if (!stopped) for (const error of errors) context.emitError(account, error)
  }

  let incoming: { storeId: ChatStoreId; message: unknown }[] = []
  let incomingScheduled = false

  async function flushIncoming() {
    incomingScheduled = false
    const batch = incoming
    incoming = []
    if (stopped || batch.length === 0) return
    const updates = emptyUpdates()
    await decodeInto(batch, updates)
    applyRemote(updates, false)
  }

  function receive(storeId: ChatStoreId, message: unknown) {
    if (stopped) return
    incoming.push({ storeId, message })
    if (!incomingScheduled) {
      incomingScheduled = true
      scheduleSoon(() => {
        flushIncoming().catch((cause) =>
          context.emitError(account, new StorageError({ operation: 'save', account, cause })),
        )
      })
    }
  }

  // ---------- catch-up ----------

  let subscribed = false
  let syncing = false
  let syncAgain = false
  let syncFailures = 0
  let syncTimer: ReturnType<typeof setTimeout> | undefined
  let resolveFirstSync: () => void = () => {}
  const firstSync = new Promise<void>((resolve) => {
    resolveFirstSync = resolve
  })

  async function fetchAndApply(markReady: boolean) {
    const updates = emptyUpdates()
    const started = Date.now()
    let count = 0
    let pages = 0
    await fetchHistory(core, topicList, async (messages: HistoryMessage[]) => {
      pages += 1
      count += messages.length
      const slice = ENGINE_LIMITS.decodeSliceSize
      for (let start = 0; start < messages.length; start += slice) {
        if (start > 0) await yieldToEventLoop()
        if (stopped) return
        const part: { storeId: ChatStoreId; message: string }[] = []
        for (const { topic, message } of messages.slice(start, start + slice)) {
          const storeId = storeOfTopic.get(topic)
          if (storeId) part.push({ storeId, message })
        }
        await decodeInto(part, updates)
      }
    })
    applyRemote(updates, markReady)
    context.logger?.debug?.('Fetched and applied stored messages.', {
      account,
      count,
      pages,
      ms: Date.now() - started,
    })
  }

  /** Rejectors of the relay operations in progress, by the connection they started on. */
  const onConnectionLost = new Map<(error: Error) => void, number>()
  /** Counts connections seen (relayer_connect); operations of an older one can no longer be answered. */
  let connection = 0

  /**
   * `operation`, or a rejection as soon as its connection is gone: a request sent on a connection that
   * died gets no answer, and waiting for its timeout would delay catching up on the new one. (The
   * operation itself goes on; whatever it still applies is harmless.)
   */
  function untilConnectionLost<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      onConnectionLost.set(reject, connection)
      operation.then(resolve, reject).finally(() => onConnectionLost.delete(reject))
    })
  }

  function abandon(predicate: (startedOn: number) => boolean) {
    for (const [reject, startedOn] of [...onConnectionLost]) {
      if (predicate(startedOn)) reject(new RelayDisconnectedError())
    }
  }

  async function syncOnce() {
    let operation: 'fetch' | 'subscribe' = 'fetch'
    try {
      if (!subscribed) {
        // History first, decoded here: through the relayer pipeline each message would cost a storage
        // write of the core's whole message record.
        await untilConnectionLost(fetchAndApply(false))
        if (stopped) return
        operation = 'subscribe'
        const started = Date.now()
        await untilConnectionLost(context.subscribe(topicList))
        context.logger?.debug?.('Subscribed the store topics.', { account, ms: Date.now() - started })
        subscribed = true
        operation = 'fetch'
      }
      if (stopped) return
      // Whatever was published between the first fetch and the subscription (usually nothing).
      await untilConnectionLost(fetchAndApply(true))
    } catch (cause) {
      throw new RelayRequestError({ operation, account, cause })
    }
  }

  async function runSync() {
    syncing = true
    let retryNow = false
    try {
      do {
        syncAgain = false
        await syncOnce()
      } while (syncAgain && !stopped)
      syncFailures = 0
    } catch (error) {
      if (!stopped) {
        context.emitError(account, error as RelayRequestError)
        // When the connection changed while this attempt ran, try again on the new one right away.
        if (syncAgain) retryNow = true
        else scheduleRetry()
      }
    } finally {
      syncing = false
    }
    if (retryNow && !stopped) void runSync()
    else resolveFirstSync()
  }

  function clearSyncTimer() {
    clearTimeout(syncTimer)
    syncTimer = undefined
  }

  function scheduleRetry() {
    if (stopped || syncTimer) return
    // After an explicit close by the app, wait for it to reopen the transport (onConnect).
    if (core.relayer.transportExplicitlyClosed) return
    const delay = backoffDelay(syncFailures, ENGINE_LIMITS.retryBaseMs, ENGINE_LIMITS.retryMaxMs)
    syncFailures += 1
    syncTimer = setTimeout(() => {
      syncTimer = undefined
      requestSync()
    }, delay)
  }

  function requestSync() {
    if (stopped) return
    if (syncing) {
      syncAgain = true
      return
    }
    clearSyncTimer()
    void runSync()
  }

  return {
    account,
    signature,
    topics,
    getSnapshot,
    write,
    receive,
    requestSync,
    firstSync,
    onConnect(isReconnect) {
      if (stopped) return
      // A new connection has no subscriptions on the relay, whether or not a disconnect was reported
      // (the core does not always emit one).
      subscribed = false
      connection += 1
      // Requests still waiting from before a reconnect went out on the old connection. On the first
      // connection they are the ones that opened it, and are answered.
      if (isReconnect) abandon((startedOn) => startedOn < connection)
      outbox.kick()
      syncFailures = 0
      clearSyncTimer()
      requestSync()
    },
    onDisconnect() {
      if (stopped) return
      subscribed = false
      abandon(() => true)
      // The core reconnects by itself only when it has topics of its own; otherwise catching up again
      // (after a backoff) is what reconnects.
      if (syncing) syncAgain = true
      else scheduleRetry()
    },
    persistNow() {
      persister.schedule()
      return persister.flush()
    },
    async stop({ forget, reason }) {
      if (stopped) return
      stopped = true
      clearSyncTimer()
      outbox.cancel(() => new DeliveryCancelledError({ reason }))
      if (!forget) await persister.flush()
      persister.cancel()
      resolveFirstSync()
    },
  }
}
