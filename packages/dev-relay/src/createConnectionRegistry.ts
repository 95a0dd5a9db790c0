import { createHash } from 'node:crypto'
import { type RawData, WebSocket } from 'ws'
import type { StoredMessage } from './createMessageStore.js'
import type { DevRelayLogger, RelayLimits } from './relayOptions.js'
import { RelayRpcError, RPC_ERROR } from './relayRpcError.js'

/** One client socket: who it is, what it subscribed to, and the pushes it has not acked yet. */
export type Connection = {
  ws: WebSocket
  clientId: string
  /** Subscribed topics and their subscription ids. */
  topics: Map<string, string>
  /** Pushes waiting for an ack, by push id, oldest first. */
  inflight: Map<string, InflightPush>
  /** Seqs of the messages in `inflight`. */
  inflightSeqs: Set<number>
  /** Highest push id the client has acked. */
  lastAckedPushId: number
  isAlive: boolean
}

export type InflightPush = { message: StoredMessage; pushId: number; sentAt: number; attempt: number }

export type ConnectionRegistry = {
  readonly connections: ReadonlySet<Connection>
  /** Registers an upgraded socket; `onFrame` gets each frame, `onClose` runs after it is forgotten. */
  open(ws: WebSocket, clientId: string, onFrame: (conn: Connection, data: RawData) => void): Connection
  /** Subscribes `conn` to `topics` (idempotent) and returns their subscription ids. */
  subscribe(conn: Connection, topics: readonly string[]): string[]
  unsubscribe(conn: Connection, topic: string): void
  /** The sockets subscribed to `topic`. */
  subscribersOf(topic: string): ReadonlySet<Connection> | undefined
  send(conn: Connection, text: string): void
  sendResult(conn: Connection, rawId: string | null, result: unknown): void
  sendError(conn: Connection, rawId: string | null, code: number, message: string): void
}

const MAX_BUFFERED_BYTES = 64 * 1024 * 1024

/**
 * The sockets the relay has open, their subscriptions, and the way answers reach them. A subscription id
 * is `sha256(topic + clientId)`, the id `@walletconnect/core` computes for itself.
 */
export function createConnectionRegistry({
  limits,
  logger,
}: {
  limits: RelayLimits
  logger: DevRelayLogger
}): ConnectionRegistry {
  const connections = new Set<Connection>()
  const subscribers = new Map<string, Set<Connection>>()

  const send = (conn: Connection, text: string) => {
    if (conn.ws.readyState !== WebSocket.OPEN) return
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that stopped reading: drop it rather than buffer without bound. Unacked pushes stay in its mailbox.
      logger.warn?.('dev relay: dropping a client that stopped reading')
      conn.ws.terminate()
      return
    }
    conn.ws.send(text)
  }

  const unsubscribe = (conn: Connection, topic: string) => {
    if (!conn.topics.delete(topic)) return
    const set = subscribers.get(topic)
    set?.delete(conn)
    if (set?.size === 0) subscribers.delete(topic)
  }

  return {
    connections,
    open(ws, clientId, onFrame) {
      const conn: Connection = {
        ws,
        clientId,
        topics: new Map(),
        inflight: new Map(),
        inflightSeqs: new Set(),
        lastAckedPushId: 0,
        isAlive: true,
      }
      connections.add(conn)
      logger.debug?.(`dev relay: client connected (${connections.size} open)`)
      ws.on('message', (data) => onFrame(conn, data))
      ws.on('pong', () => {
        conn.isAlive = true
      })
      ws.on('error', (error) => logger.warn?.(`dev relay: socket error: ${error.message}`))
      ws.on('close', () => {
        connections.delete(conn)
        for (const topic of [...conn.topics.keys()]) unsubscribe(conn, topic)
        conn.inflight.clear()
        conn.inflightSeqs.clear()
        logger.debug?.(`dev relay: client disconnected (${connections.size} open)`)
      })
      return conn
    },
    subscribe(conn, topics) {
      let added = 0
      for (const topic of new Set(topics)) if (!conn.topics.has(topic)) added++
      if (conn.topics.size + added > limits.maxTopicsPerConnection) {
        throw new RelayRpcError(
          RPC_ERROR.limitExceeded,
          `Too many topics: a connection may subscribe to at most ${limits.maxTopicsPerConnection}`,
        )
      }
      return topics.map((topic) => {
        let subId = conn.topics.get(topic)
        if (subId === undefined) {
          subId = createHash('sha256')
            .update(topic + conn.clientId)
            .digest('hex')
          conn.topics.set(topic, subId)
          let set = subscribers.get(topic)
          if (!set) {
            set = new Set()
            subscribers.set(topic, set)
          }
          set.add(conn)
        }
        return subId
      })
    },
    unsubscribe,
    subscribersOf: (topic) => subscribers.get(topic),
    send,
    sendResult(conn, rawId, result) {
      if (rawId === null) return
      send(conn, `{"id":${rawId},"jsonrpc":"2.0","result":${JSON.stringify(result)}}`)
    },
    sendError(conn, rawId, code, message) {
      send(conn, `{"id":${rawId ?? 'null'},"jsonrpc":"2.0","error":${JSON.stringify({ code, message })}}`)
    },
  }
}
