import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { ChatTransport, TopicMessage } from './ChatTransport'

/** The parts of a WalletConnect `ICore` (2.25) the chat transport uses. */
export type ChatRelayCore = {
  relayer: {
    request(request: { method: string; params: unknown }): Promise<unknown>
    on(event: string, listener: (event: never) => void): unknown
    off(event: string, listener: (event: never) => void): unknown
  }
  crypto: { getClientId(): Promise<string> }
}

const REQUEST_TIMEOUT_MS = 15_000
const RELAYER_CONNECT = 'relayer_connect'

/**
 * Chat topics on a device's WalletConnect core, next to the core's own subscriber (as the chatsync
 * engine does for its store topics): sign-client drops subscriptions of its core that are not its
 * sessions or pairings, and the core's message pipeline records every message in its tracker.
 *
 * - watch: listens on each topic's relay subscription id (`sha256(topic + clientId)`, the id the core
 *   and the relay compute), fetches the relay's stored messages with `irn_batchFetchMessages` (page
 *   after page), then `irn_batchSubscribe`s: the relay pushes what came since.
 * - after a reconnect: subscribes every watched topic again (the relay pushes what was missed), and
 *   starts again the topics whose first fetch or subscribe failed.
 * - publish: `irn_publish`.
 */
export function createRelayChatTransport(core: ChatRelayCore): ChatTransport {
  const messageListeners = new Set<(message: TopicMessage) => void>()
  const errorListeners = new Set<(error: unknown) => void>()
  /** Watched topics by subscription id. */
  const topicOf = new Map<string, string>()
  /** Watched topics: `starting` (history, then subscribe), `subscribed`, or `failed` (retried on connect). */
  const state = new Map<string, 'starting' | 'subscribed' | 'failed'>()
  let clientId: Promise<string> | undefined
  let destroyed = false

  const emit = (message: TopicMessage) => {
    if (destroyed || !state.has(message.topic)) return
    for (const listener of messageListeners) listener(message)
  }
  const report = (error: unknown) => {
    for (const listener of errorListeners) listener(error)
  }
  const onPush = (event: { topic?: unknown; message?: unknown; publishedAt?: unknown }) => {
    if (typeof event.topic !== 'string' || typeof event.message !== 'string') return
    emit({
      topic: event.topic,
      message: event.message,
      publishedAt: typeof event.publishedAt === 'number' ? event.publishedAt : undefined,
    })
  }

  const request = async (method: string, params: unknown) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      return await Promise.race([
        core.relayer.request({ method, params }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${method} timed out`)), REQUEST_TIMEOUT_MS)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  const attach = (topic: string, id: string) => {
    if (!topicOf.has(id)) core.relayer.on(id, onPush as (event: never) => void)
    topicOf.set(id, topic)
  }
  const subscriptionId = async (topic: string) => {
    clientId ??= core.crypto.getClientId()
    return bytesToHex(sha256(utf8ToBytes(topic + (await clientId))))
  }

  const fetchHistory = async (topics: string[]) => {
    for (let page = 0; page < 1000; page++) {
      const result = (await request('irn_batchFetchMessages', { topics })) as {
        messages?: unknown
        hasMore?: unknown
      } | null
      const messages = Array.isArray(result?.messages) ? result.messages : []
      for (const item of messages) onPush(item ?? {})
      if (result?.hasMore !== true || messages.length === 0) return
    }
  }

  const subscribe = async (topics: string[]) => {
    const ids = await request('irn_batchSubscribe', { topics })
    if (Array.isArray(ids))
      topics.forEach((topic, index) => {
        const id = ids[index]
        if (typeof id === 'string' && id && state.has(topic)) attach(topic, id)
      })
  }

  /** Fetches the stored messages of `topics`, then subscribes; a failure is retried on the next connect. */
  const start = async (topics: string[]) => {
    for (const topic of topics) state.set(topic, 'starting')
    try {
      await fetchHistory(topics)
      await subscribe(topics)
      for (const topic of topics) if (state.get(topic) === 'starting') state.set(topic, 'subscribed')
    } catch (error) {
      for (const topic of topics) if (state.get(topic) === 'starting') state.set(topic, 'failed')
      report(error)
    }
  }

  const onConnect = () => {
    if (destroyed) return
    // Topics still starting are left alone: their own fetch and subscribe follow on this connection.
    const subscribed = [...state].filter(([, s]) => s === 'subscribed').map(([topic]) => topic)
    const failed = [...state].filter(([, s]) => s === 'failed').map(([topic]) => topic)
    if (subscribed.length > 0) subscribe(subscribed).catch(report)
    if (failed.length > 0) void start(failed)
  }
  core.relayer.on(RELAYER_CONNECT, onConnect)

  return {
    async watch(topics) {
      const added = [...new Set(topics)].filter((topic) => !state.has(topic))
      if (added.length === 0 || destroyed) return
      for (const topic of added) state.set(topic, 'starting')
      for (const topic of added) attach(topic, await subscriptionId(topic))
      await start(added)
    },
    async unwatch(topics) {
      const removed = topics.filter((topic) => state.delete(topic))
      if (removed.length === 0) return
      const subscriptions = [...topicOf]
        .filter(([, topic]) => removed.includes(topic))
        .map(([id, topic]) => ({ id, topic }))
      for (const { id } of subscriptions) {
        core.relayer.off(id, onPush as (event: never) => void)
        topicOf.delete(id)
      }
      if (subscriptions.length > 0) await request('irn_batchUnsubscribe', { subscriptions }).catch(report)
    },
    async publish(topic, message, { ttl, tag }) {
      await request('irn_publish', { topic, message, ttl, tag, prompt: false })
    },
    onMessage(listener) {
      messageListeners.add(listener)
      return () => messageListeners.delete(listener)
    },
    onError(listener) {
      errorListeners.add(listener)
      return () => errorListeners.delete(listener)
    },
    destroy() {
      destroyed = true
      core.relayer.off(RELAYER_CONNECT, onConnect)
      for (const id of topicOf.keys()) core.relayer.off(id, onPush as (event: never) => void)
      topicOf.clear()
      state.clear()
      messageListeners.clear()
      errorListeners.clear()
    },
  }
}
