import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { backoffDelay } from '../engine/backoff.js'
import type { ChatSyncCore } from '../engine/chatSyncCore.js'
import { ENGINE_LIMITS } from '../engine/limits.js'
import { createRelaySubscriptions, type RelayMessageEvent } from '../engine/relay/createRelaySubscriptions.js'
import { openEnvelope } from '../engine/relay/envelope.js'
import { fetchHistory, type HistoryMessage } from '../engine/relay/fetchHistory.js'
import { relayRequest } from '../engine/relay/relayRequest.js'
import { readTypeOneEnvelope } from '../engine/relay/typeOneEnvelope.js'
import {
  TopicMessageError,
  type TopicMessageErrorType,
  TopicRequestError,
  type TopicRequestErrorType,
} from '../errors/topics.js'
import { deriveSymKey } from '../keys/deriveSymKey.js'

/** A topic to watch and how its messages are opened: type-0 envelopes with `symKey`, or type-1 envelopes addressed to `privateKey` (X25519). Keys are hex. */
export type WatchedTopic = { topic: string; symKey: string } | { topic: string; privateKey: string }

/** A message of a watched topic, opened. */
export type TopicMessage = {
  topic: string
  /** The decrypted text (for Chat, a JSON-RPC request or response). */
  text: string
  /** When the relay received it (ms since the epoch), when the relay says. */
  publishedAt: number | undefined
  /** Type 1: the sender's public key (hex) the key was agreed with. */
  senderPublicKey?: string | undefined
  /** From the relay's stored messages, or pushed live. */
  source: 'history' | 'live'
}

export type WatchTopicsErrorType = TopicMessageErrorType | TopicRequestErrorType

export type WatchTopicsParameters = {
  topics?: readonly WatchedTopic[] | undefined
  /** Opened messages: a page of history at once, live ones as they come. Duplicates are left out. */
  onMessages(messages: readonly TopicMessage[]): void
  /** A message that could not be opened (dropped), or a failed fetch or subscribe (retried). */
  onError?: ((error: WatchTopicsErrorType) => void) | undefined
}

export type WatchTopicsReturnType = {
  /**
   * Watches exactly `topics` from now on: a new topic's stored messages are read first, then it is
   * subscribed (live messages follow); a topic left out is unsubscribed. Settles once the new topics are
   * caught up (or their first attempt failed: it is retried).
   */
  setTopics(topics: readonly WatchedTopic[]): Promise<void>
  /** Stops watching everything. */
  stop(): void
}

type Entry = { key: Uint8Array; type: 0 | 1; state: 'starting' | 'live' | 'failed'; seen: Set<string> }

/** Remembered relay copies per topic, to drop one delivered twice (fetched, then pushed). */
const SEEN_LIMIT = 20_000
const encoder = new TextEncoder()

/**
 * Watches relay topics on a WalletConnect core (`signClient.core`) with the engine's own relay parts:
 * history with `irn_batchFetchMessages` page by page (`fetchHistory`), then a subscription beside the
 * core's (`createRelaySubscriptions`); after a reconnect it reads what it missed and subscribes again; a
 * failed attempt is retried with backoff. The same relay copy delivered twice (fetched and pushed, or
 * pushed again) reaches `onMessages` once; a copy published again (a new `publishedAt`) is new. Only the
 * envelope type the topic was given a key for is opened (type 0 with a symKey, type 1 with a private key).
 */
export function watchTopics(core: ChatSyncCore, parameters: WatchTopicsParameters): WatchTopicsReturnType {
  const { onMessages, onError } = parameters
  const entries = new Map<string, Entry>()
  const agreed = new Map<string, Uint8Array | undefined>()
  let stopped = false
  let retryAttempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const report = (error: WatchTopicsErrorType) => {
    try {
      onError?.(error)
    } catch (thrown) {
      reportAppError(thrown)
    }
  }

  const open = (topic: string, entry: Entry, message: string) => {
    if (entry.type === 0) {
      const opened = openEnvelope(entry.key, message)
      if (opened.ok) return { text: opened.text, senderPublicKey: undefined }
      return opened.reason === 'not-type-0'
        ? 'wrong-type'
        : opened.reason === 'malformed'
          ? 'malformed'
          : 'undecryptable'
    }
    const read = readTypeOneEnvelope(message)
    if (!read.ok) return read.reason === 'not-type-1' ? 'wrong-type' : 'malformed'
    const senderPublicKey = bytesToHex(read.senderPublicKey)
    const cacheKey = `${topic}:${senderPublicKey}`
    if (!agreed.has(cacheKey)) {
      const symKey = deriveSymKey({ privateKey: bytesToHex(entry.key), publicKey: senderPublicKey })
      agreed.set(cacheKey, symKey ? hexToBytes(symKey) : undefined)
    }
    const symKey = agreed.get(cacheKey)
    const text = symKey && read.open(symKey)
    return text === undefined ? 'undecryptable' : { text, senderPublicKey }
  }

  const deliver = (items: readonly HistoryMessage[], source: TopicMessage['source']) => {
    const out: TopicMessage[] = []
    for (const { topic, message, publishedAt } of items) {
      const entry = entries.get(topic)
      if (!entry || typeof message !== 'string') continue
      const at = typeof publishedAt === 'number' ? publishedAt : undefined
      const copy = bytesToHex(sha256(encoder.encode(`${at ?? ''}:${message}`)).subarray(0, 12))
      if (entry.seen.has(copy)) continue
      entry.seen.add(copy)
      if (entry.seen.size > SEEN_LIMIT)
        for (const old of [...entry.seen].slice(0, SEEN_LIMIT / 2)) entry.seen.delete(old)
      const opened =
        message.length > ENGINE_LIMITS.maxMessageLength ? 'malformed' : open(topic, entry, message)
      if (typeof opened === 'string') report(new TopicMessageError({ topic, reason: opened }))
      else
        out.push({
          topic,
          text: opened.text,
          publishedAt: at,
          senderPublicKey: opened.senderPublicKey,
          source,
        })
    }
    if (out.length === 0) return
    try {
      onMessages(out)
    } catch (thrown) {
      reportAppError(thrown)
    }
  }

  const subscriptions = createRelaySubscriptions(core, (event: RelayMessageEvent) =>
    deliver([event as HistoryMessage], 'live'),
  )
  const request = (method: string, params: unknown) => relayRequest(core, method, params)

  const scheduleRetry = () => {
    if (stopped || retryTimer) return
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      const failed = topicsIn('failed')
      if (failed.length > 0) void start(failed)
    }, backoffDelay(retryAttempt++))
    ;(retryTimer as { unref?: () => void }).unref?.()
  }

  /** Reads the stored messages of `topics`, then subscribes them; a failure is retried later. */
  async function start(topics: readonly string[]) {
    for (const topic of topics) {
      const entry = entries.get(topic)
      if (entry) entry.state = 'starting'
    }
    let operation: 'fetch' | 'subscribe' = 'fetch'
    try {
      await fetchHistory(request, topics, async (page) => deliver(page, 'history'))
      operation = 'subscribe'
      const current = topics.filter((topic) => entries.has(topic))
      if (current.length > 0 && !stopped) await subscriptions.subscribe(current)
      for (const topic of current) {
        const entry = entries.get(topic)
        if (entry?.state === 'starting') entry.state = 'live'
      }
      retryAttempt = 0
    } catch (cause) {
      if (stopped) return
      for (const topic of topics) {
        const entry = entries.get(topic)
        if (entry?.state === 'starting') entry.state = 'failed'
      }
      report(new TopicRequestError({ operation, count: topics.length, cause }))
      scheduleRetry()
    }
  }

  const topicsIn = (...states: Entry['state'][]) =>
    [...entries].filter(([, entry]) => states.includes(entry.state)).map(([topic]) => topic)
  // A new connection has no subscriptions: read what was missed and subscribe again.
  let wasConnected = core.relayer.connected
  const onConnect = () => {
    const isReconnect = wasConnected
    wasConnected = true
    if (stopped) return
    const topics = isReconnect ? topicsIn('failed', 'live') : topicsIn('failed')
    if (topics.length > 0) void start(topics)
  }
  // The core reconnects by itself only when it has topics of its own: otherwise the retry's request does.
  const onDisconnect = () => {
    if (stopped) return
    for (const entry of entries.values()) if (entry.state === 'live') entry.state = 'failed'
    if (!core.relayer.transportExplicitlyClosed && entries.size > 0) scheduleRetry()
  }
  core.relayer.on('relayer_connect', onConnect)
  core.relayer.on('relayer_disconnect', onDisconnect)

  const watcher: WatchTopicsReturnType = {
    async setTopics(list) {
      if (stopped) return
      const wanted = new Map(list.map((item) => [item.topic, item]))
      const removed = [...entries.keys()].filter((topic) => !wanted.has(topic))
      for (const topic of removed) entries.delete(topic)
      if (removed.length > 0) subscriptions.unsubscribe(removed).catch(() => {})
      const added: string[] = []
      for (const [topic, item] of wanted) {
        const type = 'symKey' in item ? 0 : 1
        const key = hexToBytes('symKey' in item ? item.symKey : item.privateKey)
        const entry = entries.get(topic)
        if (entry) Object.assign(entry, { key, type })
        else {
          entries.set(topic, { key, type, state: 'starting', seen: new Set() })
          added.push(topic)
        }
      }
      if (added.length > 0) await start(added)
    },
    stop() {
      if (stopped) return
      stopped = true
      clearTimeout(retryTimer)
      core.relayer.off('relayer_connect', onConnect)
      core.relayer.off('relayer_disconnect', onDisconnect)
      const topics = [...entries.keys()]
      entries.clear()
      // Unsubscribing stops listening at once; the relay request itself is best effort.
      if (topics.length > 0) subscriptions.unsubscribe(topics).catch(() => {})
      subscriptions.detachAll()
    },
  }
  if (parameters.topics) void watcher.setTopics(parameters.topics)
  return watcher
}

/** An application handler threw: report it where the platform reports uncaught errors, not into the core. */
function reportAppError(error: unknown) {
  const { reportError } = globalThis as { reportError?: (error: unknown) => void }
  if (typeof reportError === 'function') reportError(error)
  else console.error(error)
}
