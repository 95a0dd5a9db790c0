import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { utf8Encode } from '../../platform/utf8.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { relayRequest } from './relayRequest.js'

export type RelayMessageEvent = { topic?: unknown; message?: unknown; publishedAt?: unknown }

export type RelaySubscriptions = {
  /** Subscribes the topics on the relay; their messages go to `onMessage` from then on. */
  subscribe(topics: readonly string[]): Promise<void>
  /** Unsubscribes the topics on the relay (best effort) and stops listening for them. */
  unsubscribe(topics: readonly string[]): Promise<void>
  /** Stops listening for everything. */
  detachAll(): void
}

/**
 * Store topics are subscribed with the relay's own `irn_batchSubscribe`, next to the core's subscriber
 * rather than through it, and their messages are taken from the relayer's per-subscription event, which
 * it emits for every `irn_subscription` as soon as the frame arrives (and then acknowledges it).
 *
 * Why not `core.relayer.subscribe` and `relayer_message`: every message of a topic the core knows goes
 * through its message tracker, which rewrites its whole record to storage per message before emitting
 * `relayer_message`. A burst (the relay's mailbox after a reconnect, or another device writing quickly)
 * is recorded as a whole before any of it is emitted, so clearing the tracker in between is impossible
 * and the cost is quadratic: measured here, 3,000 changes from a writer reached a subscribed device at
 * about one per second. The core also resubscribes its topics by itself on reconnect, which makes the
 * relay push the mailbox through that same path. For topics it does not know, the core acknowledges the
 * frame, emits the subscription event, and ignores the message without recording it.
 *
 * The relay's subscription id is `sha256(topic + clientId)` (the core computes it the same way): the
 * listener for that id is attached before subscribing, so mailbox messages the relay pushes right after
 * the subscribe answer cannot slip past. A different id in the answer is listened to as well.
 */
export function createRelaySubscriptions(
  core: ChatSyncCore,
  onMessage: (event: RelayMessageEvent) => void,
): RelaySubscriptions {
  /** The topic of every subscription id listened to (`onMessage` is the listener of each). */
  const topicOf = new Map<string, string>()
  let clientId: Promise<string> | undefined

  function attach(topic: string, id: string) {
    if (!topicOf.has(id)) core.relayer.on(id, onMessage)
    topicOf.set(id, topic)
  }

  function detach(id: string) {
    core.relayer.off(id, onMessage)
    topicOf.delete(id)
  }

  async function predictedId(topic: string) {
    clientId ??= core.crypto.getClientId()
    return bytesToHex(sha256(utf8Encode(topic + (await clientId))))
  }

  return {
    async subscribe(topics) {
      for (const topic of topics) attach(topic, await predictedId(topic))
      const result = await relayRequest(core, 'irn_batchSubscribe', { topics: [...topics] })
      if (Array.isArray(result)) {
        topics.forEach((topic, index) => {
          const id = result[index]
          if (typeof id === 'string' && id.length > 0) attach(topic, id)
        })
      }
    },
    async unsubscribe(topics) {
      const wanted = new Set(topics)
      const subscriptions = [...topicOf]
        .filter(([, topic]) => wanted.has(topic))
        .map(([id, topic]) => ({ topic, id }))
      for (const { id } of subscriptions) detach(id)
      if (subscriptions.length > 0) await relayRequest(core, 'irn_batchUnsubscribe', { subscriptions })
    },
    detachAll() {
      for (const id of [...topicOf.keys()]) detach(id)
    },
  }
}
