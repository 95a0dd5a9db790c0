import { applyUpdates, type StoreState, type StoreUpdate } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../stores/catalogue.js'
import { createPayloadId } from '../wire/createPayloadId.js'
import { SYNC_PUBLISH_OPTIONS } from '../wire/syncPublishOptions.js'
import { buildSyncDel, buildSyncSet } from '../wire/syncRequest.js'
import type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from './chatSyncCore.js'
import type { Emitter } from './createEmitter.js'
import { createOutbox } from './createOutbox.js'
import { createPersister } from './createPersister.js'
import { decodeStoreMessage } from './decodeStoreMessage.js'
import { sealEnvelope } from './envelope.js'
import {
  DeliveryCancelledError,
  RelayDisconnectedError,
  RelayRequestError,
  StorageError,
  TransportClosedError,
} from './errors.js'
import { fetchHistory } from './fetchHistory.js'
import {
  encodePersistedAccount,
  type OutboxItem,
  type PersistedAccount,
  type RestoredAccount,
} from './persistedAccount.js'
import { parseTabMessage, type TabChannel, type TabMessage, toTabItem } from './tabChannel.js'
import { backoffDelay, ENGINE_LIMITS, relayRequest, scheduleSoon } from './timing.js'
import type {
  AccountSnapshot,
  ChatSyncEvents,
  ChatSyncReportedErrorType,
  ChatSyncStores,
  ChatSyncWriteResult,
} from './types.js'

export type AccountSyncContext = {
  core: ChatSyncCore
  logger: ChatSyncLogger | undefined
  storage: ChatSyncStorage
  persistSignature: boolean
  storageKey(account: string): string
  emit: Emitter<ChatSyncEvents>['emit']
  emitError(account: string, error: ChatSyncReportedErrorType): void
  /** Subscribes store topics on the relay (see createRelaySubscriptions). */
  subscribe(topics: readonly string[]): Promise<void>
  /** The account's record reached storage. */
  onPersisted(account: string): void
  /** Another tab unregistered the account. */
  onUnregisteredElsewhere(account: string): void
  /** The account's channel to its engines in other tabs on the same storage, where there is one. */
  openTabChannel(account: string, onMessage: (message: unknown) => void): TabChannel | undefined
}

/** What an account starts from: a registration (with its store keys) and the state it restores. */
export type AccountSyncInit = Omit<RestoredAccount, 'signature'> & {
  signature: string | undefined
  /** The store keys: messages are sealed and opened with them here. */
  keys: Record<ChatStoreId, Uint8Array>
}

export type LocalChange =
  | { type: 'set'; key: string; value: unknown; text: string }
  | { type: 'delete'; key: string }

export type AccountSync = {
  readonly account: string
  readonly topics: Readonly<Record<ChatStoreId, string>>
  getSnapshot(): AccountSnapshot
  write(storeId: ChatStoreId, change: LocalChange): ChatSyncWriteResult
  /** A live message on one of the account's topics; coalesced with the others of this turn. */
  receive(topic: string, message: unknown): void
  /** Catch up (fetch history, subscribe once, fetch again); concurrent requests collapse into one more run. */
  requestSync(): void
  /** Settles after the first catch-up attempt, whether it succeeded or not. */
  readonly firstSync: Promise<void>
  /** A relay connection opened (`isReconnect` when one was open before): resend, resubscribe, catch up. */
  onConnect(isReconnect: boolean): void
  /** The relay connection dropped: the relay forgot the subscriptions. */
  onDisconnect(): void
  persistNow(): Promise<void>
  /** The record to persist now (the signature only when asked for and `persistSignature` allows). */
  getRecord(withSignature: boolean): PersistedAccount
  /** Whether storage may be behind the state (a write pending or in flight). */
  readonly unsaved: boolean
  /** Stops all activity. Unless `forget` (unregistered), pending state is written first. */
  stop(forget: boolean): Promise<void>
}

type Updates = Record<ChatStoreId, StoreUpdate<unknown>[]>

/** A message as the relay delivers it, on some topic. */
type TopicMessage = { topic: string; message: unknown }

const yieldToEventLoop = () => new Promise<void>((resolve) => scheduleSoon(resolve))

const emptyUpdates = (): Updates => byStore(() => [])

/**
 * One registered account: its stores, its outbox, its persistence and its catch-up with the relay.
 *
 * Local writes are queued per store and folded (with `applyUpdates`, one copy per store) only when the
 * state is read or persisted, so a burst of writes costs one copy rather than one per write. Remote
 * messages are folded as soon as their batch is decoded, because whether they change anything (and so
 * whether to notify) is only known then.
 */
export function createAccountSync(
  account: string,
  { signature, topics, keys, stores, outbox: initialOutbox }: AccountSyncInit,
  context: AccountSyncContext,
): AccountSync {
  const { core, logger, emit } = context
  const states = { ...stores } as Record<ChatStoreId, StoreState<unknown>>
  /**
   * Local writes not folded in yet, by key. A later write to a key always has the higher id, so only the
   * last one per key matters.
   */
  const pending = byStore(() => new Map<string, StoreUpdate<unknown>>())
  const topicList = Object.values(topics)
  const storeOfTopic = new Map(CHAT_STORE_IDS.map((storeId) => [topics[storeId], storeId]))
  const reportSaveError = (cause: unknown) =>
    context.emitError(account, new StorageError({ operation: 'save', account, cause }))

  let status: 'syncing' | 'ready' = 'syncing'
  let snapshot: AccountSnapshot | undefined
  let stopped = false

  // ---------- state ----------

  function materialize() {
    for (const storeId of CHAT_STORE_IDS) {
      const queue = pending[storeId]
      // Read on every snapshot: nothing to fold is the common case.
      if (queue.size === 0) continue
      states[storeId] = applyUpdates(states[storeId], queue.values())
      queue.clear()
    }
  }

  function getSnapshot(): AccountSnapshot {
    materialize()
    const current = snapshot
    if (
      current?.status === status &&
      CHAT_STORE_IDS.every((storeId) => current.stores[storeId] === states[storeId])
    ) {
      return current
    }
    snapshot = Object.freeze({ status, stores: Object.freeze({ ...states }) as ChatSyncStores })
    return snapshot
  }

  // ---------- persistence ----------

  function getRecord(withSignature: boolean): PersistedAccount {
    materialize()
    return encodePersistedAccount({
      account,
      signature: withSignature && context.persistSignature ? signature : undefined,
      topics,
      stores: states as ChatSyncStores,
      outbox: outbox.items(),
    })
  }

  const persister = createPersister({
    delayMs: ENGINE_LIMITS.persistDelayMs,
    write: async () => {
      await context.storage.setItem(context.storageKey(account), getRecord(true))
      context.onPersisted(account)
    },
    onError: reportSaveError,
  })

  // ---------- outbox ----------

  function seal(item: OutboxItem): string {
    const request = item.method === 'wc_syncSet' ? buildSyncSet(item) : buildSyncDel(item)
    return sealEnvelope(keys[item.store], JSON.stringify(request))
  }

  const outbox = createOutbox({
    initial: initialOutbox,
    onChange: () => persister.schedule(),
    onFailure: (cause) =>
      context.emitError(account, new RelayRequestError({ operation: 'publish', account, cause })),
    send: async (items) => {
      if (core.relayer.transportExplicitlyClosed) {
        // The app closed the transport on purpose; publishing would reopen it. Retried on reconnect.
        throw new TransportClosedError()
      }
      const messages = items.map((item) => ({
        topic: topics[item.store],
        message: seal(item),
        ...SYNC_PUBLISH_OPTIONS[item.method],
      }))
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

  /** Stores written since the last local change event (one per microtask). */
  const locallyChanged = new Set<ChatStoreId>()

  function notifyLocal() {
    if (stopped) return
    const changed = CHAT_STORE_IDS.filter((storeId) => locallyChanged.has(storeId))
    locallyChanged.clear()
    emit('change', { account, stores: changed, source: 'local' })
  }

  function write(storeId: ChatStoreId, change: LocalChange): ChatSyncWriteResult {
    const { key } = change
    const queue = pending[storeId]
    // The new id must beat the id this device has for the key, even if another device's clock is ahead:
    // otherwise the write would lose on every device, including this one. (`ids` has a null prototype.)
    const previous = Math.max(states[storeId].ids[key] ?? 0, queue.get(key)?.id ?? 0)
    const id = Math.max(createPayloadId(), previous + 1)
    const isSet = change.type === 'set'
    queue.set(key, isSet ? { type: 'set', id, key, value: change.value } : { type: 'delete', id, key })
    if (locallyChanged.size === 0) queueMicrotask(notifyLocal)
    locallyChanged.add(storeId)
    const item: OutboxItem = isSet
      ? { store: storeId, method: 'wc_syncSet', id, key, value: change.text }
      : { store: storeId, method: 'wc_syncDel', id, key }
    const delivered = outbox.push(item)
    tellTabs('written', item)
    return { key, id, delivered }
  }

  // ---------- remote changes ----------

  /** Applies decoded updates from the relay, or (`fromTab`) from another tab, which needs no telling. */
  function applyRemote(updates: Updates, markReady: boolean, fromTab = false) {
    if (stopped) return
    const changed = CHAT_STORE_IDS.filter((storeId) => {
      const previous = states[storeId]
      states[storeId] = applyUpdates(previous, updates[storeId])
      return states[storeId] !== previous
    })
    if (!fromTab) {
      for (const storeId of changed) {
        for (const update of updates[storeId]) tellTabs('applied', toTabItem(storeId, update))
      }
    }
    const becameReady = markReady && status !== 'ready'
    if (becameReady) status = 'ready'
    if (changed.length > 0) persister.schedule()
    if (changed.length > 0 || becameReady) emit('change', { account, stores: changed, source: 'remote' })
    if (becameReady) emit('ready', { account })
  }

  /** Decodes the messages of this account's topics into `updates` (in order); reports the rejected ones. */
  function decodeInto(messages: readonly TopicMessage[], updates: Updates) {
    for (const { topic, message } of messages) {
      const storeId = storeOfTopic.get(topic)
      if (!storeId) continue
      const result = decodeStoreMessage({ account, storeId, message, key: keys[storeId] })
      if (result.ok) updates[storeId].push(result.value)
      else if (!stopped) context.emitError(account, result.error)
    }
  }

  let incoming: TopicMessage[] = []

  function flushIncoming() {
    const batch = incoming
    incoming = []
    if (stopped) return
    const updates = emptyUpdates()
    decodeInto(batch, updates)
    applyRemote(updates, false)
  }

  function receive(topic: string, message: unknown) {
    if (stopped) return
    // The first message of a batch schedules its flush.
    if (incoming.push({ topic, message }) === 1)
      scheduleSoon(() => {
        try {
          flushIncoming()
        } catch (cause) {
          reportSaveError(cause)
        }
      })
  }

  // ---------- other tabs ----------

  /** What this engine applied since it last told the other tabs (one message per microtask). */
  let toTabs: TabMessage | undefined

  function tellTabs(list: 'applied' | 'written', item: OutboxItem) {
    if (!tabs) return
    if (!toTabs) {
      toTabs = { v: 1, applied: [], written: [] }
      queueMicrotask(flushToTabs)
    }
    toTabs[list].push(item)
  }

  function flushToTabs() {
    const message = toTabs
    toTabs = undefined
    if (message) tabs?.post(message)
  }

  function receiveFromTab(message: unknown) {
    const parsed = stopped ? undefined : parseTabMessage(message)
    if (!parsed) return
    if (parsed.unregistered) return context.onUnregisteredElsewhere(account)
    applyRemote(parsed.updates, false, true)
    for (const item of parsed.written) void outbox.push(item)
  }

  const tabs = context.openTabChannel(account, receiveFromTab)

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
    await fetchHistory(core, topicList, async (messages) => {
      pages += 1
      count += messages.length
      const slice = ENGINE_LIMITS.decodeSliceSize
      for (let start = 0; start < messages.length; start += slice) {
        if (start > 0) await yieldToEventLoop()
        if (stopped) return
        decodeInto(messages.slice(start, start + slice), updates)
      }
    })
    applyRemote(updates, markReady)
    logger?.debug?.('Fetched and applied stored messages.', {
      account,
      count,
      pages,
      ms: Date.now() - started,
    })
  }
  /** Rejectors of the relay operations in progress (all on the current connection). */
  const onConnectionLost = new Set<(error: Error) => void>()

  /**
   * `operation`, or a rejection as soon as its connection is gone: a request sent on a connection that
   * died gets no answer, and waiting for its timeout would delay catching up on the new one. (The
   * operation itself goes on; whatever it still applies is harmless.)
   */
  function untilConnectionLost<T>(operation: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      onConnectionLost.add(reject)
      operation.then(resolve, reject).finally(() => onConnectionLost.delete(reject))
    })
  }

  /** The connection the operations in progress went out on is gone. */
  function abandon() {
    for (const reject of [...onConnectionLost]) reject(new RelayDisconnectedError())
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
        logger?.debug?.('Subscribed the store topics.', { account, ms: Date.now() - started })
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
        retryNow = syncAgain
        if (!retryNow) scheduleRetry()
      }
    } finally {
      syncing = false
    }
    if (retryNow) void runSync()
    else resolveFirstSync()
  }

  function clearSyncTimer() {
    clearTimeout(syncTimer)
    syncTimer = undefined
  }

  function scheduleRetry() {
    // After an explicit close by the app, wait for it to reopen the transport (onConnect).
    if (stopped || syncTimer || core.relayer.transportExplicitlyClosed) return
    syncTimer = setTimeout(requestSync, backoffDelay(syncFailures++))
  }

  /** No retry is ever pending while a sync runs: starting one clears it. */
  function requestSync() {
    if (stopped) return
    clearSyncTimer()
    if (syncing) syncAgain = true
    else void runSync()
  }

  return {
    account,
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
      // Requests still waiting from before a reconnect went out on the old connection. On the first
      // connection they are the ones that opened it, and are answered.
      if (isReconnect) abandon()
      outbox.kick()
      syncFailures = 0
      requestSync()
    },
    onDisconnect() {
      if (stopped) return
      subscribed = false
      abandon()
      // The core reconnects by itself only when it has topics of its own; otherwise catching up again
      // (after a backoff) is what reconnects.
      if (syncing) syncAgain = true
      else scheduleRetry()
    },
    persistNow() {
      persister.schedule()
      return persister.flush()
    },
    getRecord,
    get unsaved() {
      return persister.pending
    },
    async stop(forget) {
      if (stopped) return
      stopped = true
      clearSyncTimer()
      flushToTabs()
      tabs?.close()
      outbox.cancel(() => new DeliveryCancelledError({ reason: forget ? 'unregistered' : 'destroyed' }))
      if (!forget) await persister.flush()
      persister.cancel()
      resolveFirstSync()
    },
  }
}
