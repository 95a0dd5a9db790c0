import type { Connection, ConnectionRegistry } from './createConnectionRegistry.js'
import type { MessageStore, StoredMessage } from './createMessageStore.js'
import type { DevRelayLogger } from './relayOptions.js'

export type PublishRequest = { topic: string; message: string; ttlSeconds: number; tag: number }

export type Delivery = {
  /** Stores the message and pushes it to every other client subscribed to its topic. */
  publish(conn: Connection, request: PublishRequest): void
  /** Pushes, in publish order, what the client has not received on `topics` and is not already on its way. */
  replayMailbox(conn: Connection, topics: readonly string[]): void
  /** The client answered push `key` (`isError`: with an error, so it does not count as received). */
  acknowledge(conn: Connection, key: string, isError: boolean): void
  /** Stops redelivering. */
  stop(): void
}

/** A push left unacked while later ones were acked is sent again after this long... */
const REDELIVER_AFTER_MS = 1000
/** ...at most this many times on one connection. */
const MAX_REDELIVERIES = 3

/**
 * Pushes (`irn_subscription`), their acks, and the redelivery of skipped ones. A message counts as
 * received by a client id once the client acked its push (or fetched it).
 */
export function createDelivery({
  registry,
  store,
  logger,
}: {
  registry: ConnectionRegistry
  store: MessageStore
  logger: DevRelayLogger
}): Delivery {
  let nextPushId = Date.now() * 1000

  const push = (conn: Connection, m: StoredMessage, subId: string, attempt = 0) => {
    const id = ++nextPushId
    conn.inflight.set(String(id), { message: m, pushId: id, sentAt: Date.now(), attempt })
    conn.inflightSeqs.add(m.seq)
    const params = {
      id: subId,
      data: { topic: m.topic, message: m.message, publishedAt: m.publishedAt, tag: m.tag },
    }
    registry.send(
      conn,
      `{"id":${id},"jsonrpc":"2.0","method":"irn_subscription","params":${JSON.stringify(params)}}`,
    )
  }

  /**
   * A client handles pushes in order, so a push still unacked after later ones were acked was lost on
   * its side (for example a handler that threw before the ack): send it again, a few times at most.
   * A client that acks nothing (or is slow) is left alone; its pushes come again on its next subscribe.
   */
  const redeliverSkipped = () => {
    const now = Date.now()
    for (const conn of registry.connections) {
      if (conn.lastAckedPushId === 0 || conn.inflight.size === 0) continue
      for (const [key, entry] of conn.inflight) {
        if (entry.pushId >= conn.lastAckedPushId || now - entry.sentAt < REDELIVER_AFTER_MS) break
        conn.inflight.delete(key)
        conn.inflightSeqs.delete(entry.message.seq)
        const subId = conn.topics.get(entry.message.topic)
        if (subId === undefined || entry.attempt >= MAX_REDELIVERIES) continue
        if (entry.message.expiresAt <= now || store.hasReceived(conn.clientId, entry.message)) continue
        logger.debug?.('dev relay: pushing again a message the client skipped')
        push(conn, entry.message, subId, entry.attempt + 1)
      }
    }
  }
  const redeliverTimer = setInterval(redeliverSkipped, REDELIVER_AFTER_MS)
  redeliverTimer.unref()

  return {
    publish(conn, request) {
      const stored = store.publish({ ...request, from: conn.clientId })
      const set = registry.subscribersOf(request.topic)
      if (!set) return
      for (const sub of set) {
        // Never back to the publisher: its own socket, or another socket of the same client.
        if (sub === conn || sub.clientId === conn.clientId) continue
        push(sub, stored, sub.topics.get(request.topic)!)
      }
    },
    replayMailbox(conn, topics) {
      for (const m of store.undelivered(conn.clientId, topics)) {
        if (conn.inflightSeqs.has(m.seq)) continue
        const subId = conn.topics.get(m.topic)
        if (subId !== undefined) push(conn, m, subId)
      }
    },
    acknowledge(conn, key, isError) {
      const entry = conn.inflight.get(key)
      if (!entry) return
      conn.inflight.delete(key)
      conn.inflightSeqs.delete(entry.message.seq)
      if (isError) return
      store.markReceived(conn.clientId, entry.message)
      if (entry.pushId > conn.lastAckedPushId) conn.lastAckedPushId = entry.pushId
    },
    stop() {
      clearInterval(redeliverTimer)
    },
  }
}
