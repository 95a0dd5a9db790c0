import type { IncomingMessageError } from '../../errors/relay.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import { emptyUpdates, type StoreUpdates } from '../changes/storeUpdates.js'
import type { ChatSyncCore, ChatSyncLogger } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import { loadOnFirstUse } from '../loadOnFirstUse.js'
import { decodeStoreMessage } from '../relay/decodeStoreMessage.js'
import { fetchHistory, type RelayRequester } from '../relay/fetchHistory.js'
import { relayRequest } from '../relay/relayRequest.js'
import { scheduleSoon } from '../scheduleSoon.js'
import type { SeenCopy } from './createKeepAlive.js'

/** A message as the relay delivers it, on some topic, with when it was published (ms) when known. */
type TopicMessage = { topic: string; message: unknown; publishedAt?: unknown }

export type Incoming = {
  /** A live message on one of the account's topics; decoded with the others of this turn. */
  receive(topic: string, message: unknown, publishedAt?: unknown): void
  /** Decodes and hands over the live messages waiting for their turn now (before a clean stop). */
  flushNow(): void
  /** Fetches the stored history of the account's topics and hands it over as one batch. */
  fetchAndApply(caughtUp: boolean): Promise<void>
  /**
   * Reads every message the relay stores for the account's topics under a fresh client identity and
   * hands them over as one batch; `false` when no connection of our own can be made here. Until the
   * next catch-up completes, messages read this way are not decoded again.
   */
  rebuild(): Promise<boolean>
  /** The last completed read of the relay's history. */
  readonly last: { at: number; messages: number; ms: number; rebuilt: boolean } | undefined
}

export type CreateIncomingParameters = {
  account: string
  core: ChatSyncCore
  logger: ChatSyncLogger | undefined
  topics: Readonly<Record<ChatStoreId, string>>
  keys: Readonly<Record<ChatStoreId, Uint8Array>>
  /**
   * Decoded updates, in order (`caughtUp` after a fetch that completes catching up), and every copy seen
   * (for the keep-alive: duplicates of applied changes count too).
   */
  onUpdates(updates: StoreUpdates, caughtUp: boolean, seen: SeenCopy[]): void
  /** A message was dropped; state is untouched. */
  onRejected(error: IncomingMessageError): void
  /** A failure outside decoding (an update handler threw). */
  onFailure(cause: unknown): void
  isStopped(): boolean
}

const yieldToEventLoop = () => new Promise<void>((resolve) => scheduleSoon(resolve))

/**
 * The relay's incoming path for one account: live messages are collected per turn of the event loop and
 * decoded together, so listeners hear once per batch; history pages are decoded in slices that yield to
 * the event loop. Anything that fails to decode is reported and left out.
 */
export function createIncoming(parameters: CreateIncomingParameters): Incoming {
  const { account, core, logger, topics, keys, onUpdates, onRejected, isStopped } = parameters
  const topicList = Object.values(topics)
  const storeOfTopic = new Map(CHAT_STORE_IDS.map((storeId) => [topics[storeId], storeId]))
  let batch: TopicMessage[] = []
  let last: Incoming['last']
  /** Messages the last rebuild read (the usual fetch hands them over again). */
  let rebuilt: Set<string> | undefined
  const coreRequest: RelayRequester = (method, params) => relayRequest(core, method, params)

  /** Reads the history through `request` page by page, decoding in slices; returns the updates and count. */
  async function readHistory(request: RelayRequester, skip: Set<string> | undefined, keep?: Set<string>) {
    const updates = emptyUpdates()
    const seen: SeenCopy[] = []
    let count = 0
    let pages = 0
    await fetchHistory(request, topicList, async (messages) => {
      pages += 1
      count += messages.length
      const fresh = skip ? messages.filter((item) => !skip.has(item.message)) : messages
      if (keep) for (const item of messages) keep.add(item.message)
      const slice = ENGINE_LIMITS.decodeSliceSize
      for (let start = 0; start < fresh.length; start += slice) {
        if (start > 0) await yieldToEventLoop()
        if (isStopped()) return
        decodeInto(fresh.slice(start, start + slice), updates, seen)
      }
    })
    return { updates, seen, count, pages }
  }

  /** Decodes the messages of this account's topics into `updates` (in order); reports the rejected ones. */
  function decodeInto(messages: readonly TopicMessage[], updates: StoreUpdates, seen: SeenCopy[]) {
    for (const { topic, message, publishedAt } of messages) {
      const storeId = storeOfTopic.get(topic)
      if (!storeId) continue
      const result = decodeStoreMessage({ account, storeId, message, key: keys[storeId] })
      if (result.ok) {
        const { key, id } = result.value
        updates[storeId].push(result.value)
        seen.push({ store: storeId, key, id, at: typeof publishedAt === 'number' ? publishedAt : undefined })
      } else if (!isStopped()) onRejected(result.error)
    }
  }

  function flush() {
    const messages = batch
    batch = []
    if (isStopped()) return
    const updates = emptyUpdates()
    const seen: SeenCopy[] = []
    decodeInto(messages, updates, seen)
    onUpdates(updates, false, seen)
  }

  return {
    flushNow: flush,
    get last() {
      return last
    },
    receive(topic, message, publishedAt) {
      if (isStopped()) return
      // The first message of a batch schedules its flush.
      if (batch.push({ topic, message, publishedAt }) === 1)
        scheduleSoon(() => {
          try {
            flush()
          } catch (cause) {
            parameters.onFailure(cause)
          }
        })
    },
    async fetchAndApply(caughtUp) {
      const started = Date.now()
      const { updates, seen, count, pages } = await readHistory(coreRequest, rebuilt)
      if (isStopped()) return
      if (caughtUp) rebuilt = undefined
      onUpdates(updates, caughtUp, seen)
      const ms = Date.now() - started
      last = { at: Date.now(), messages: count, ms, rebuilt: false }
      logger?.debug?.('Fetched and applied stored messages.', { account, count, pages, ms })
    },
    async rebuild() {
      const started = Date.now()
      // Only a rebuild (after an unclean stop) needs a connection of our own: its code loads then.
      const { openRelayConnection } = await loadOnFirstUse()
      const connection = await openRelayConnection(core)
      if (!connection) {
        logger?.warn?.('Cannot rebuild from the relay here: no connection of our own.', { account })
        return false
      }
      const read = new Set<string>()
      try {
        const { updates, seen, count, pages } = await readHistory(connection.request, undefined, read)
        if (isStopped()) return true
        rebuilt = read
        onUpdates(updates, false, seen)
        const ms = Date.now() - started
        last = { at: Date.now(), messages: count, ms, rebuilt: true }
        logger?.debug?.('Rebuilt from the relay.', { account, count, pages, ms })
      } finally {
        connection.close()
      }
      return true
    },
  }
}
