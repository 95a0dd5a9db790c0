import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { type RawData, WebSocket, WebSocketServer } from 'ws'
import { createJsonLinesLog } from './createJsonLinesLog.js'
import { createKeyDirectory } from './createKeyDirectory.js'
import { createMessageStore, type StoredMessage } from './createMessageStore.js'
import { idKey, parseRpcFrame } from './parseRpcFrame.js'
import { type ParamsReader, readParams, readStringArray } from './readParams.js'
import { RelayRpcError, RPC_ERROR } from './relayRpcError.js'
import { verifyAuthToken } from './verifyAuthToken.js'

/** Where the relay reports what it does. Message contents and tokens are never logged. */
export type DevRelayLogger = {
  debug?: (message: string) => void
  info?: (message: string) => void
  warn?: (message: string) => void
  error?: (message: string) => void
}

export type DevRelayLimits = {
  /** Largest accepted `message` text, in characters (default 64 KiB). */
  maxMessageBytes?: number
  /** Topics one connection may subscribe to, and topics per batch request (default 1,000). */
  maxTopicsPerConnection?: number
  /** Simultaneous WebSocket connections (default 1,000); more are refused with HTTP 503. */
  maxConnections?: number
  /** Approximate size of one fetch answer; the rest comes with `hasMore: true` (default 256 KiB). */
  maxFetchBytes?: number
  /** Largest incoming frame; a bigger one closes that connection with code 1009 (default 4 MiB). */
  maxFrameBytes?: number
  /** Messages published with a longer ttl are kept this long (default 30 days). */
  maxTtlSeconds?: number
  /** Interval of WebSocket pings; a connection that misses two pongs is dropped (default 20 s). */
  pingIntervalMs?: number
}

export type StartDevRelayParameters = DevRelayLimits & {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string
  /** Port to listen on; `0` picks a free one (default). */
  port?: number
  /** Directory for the message log; without it everything lives in memory only. */
  dataDir?: string
  logger?: DevRelayLogger
  /**
   * Serve a development invite-key directory (the keys server's `/invite` routes) on the same port
   * (default `true`). See `createKeyDirectory`.
   */
  keyDirectory?: boolean
}

export type DevRelay = {
  /** `ws://host:port`, the `relayUrl` to give to `@walletconnect/core`. */
  url: string
  port: number
  /** `http://host:port`: the key-server URL of the invite-key directory; `undefined` when it is off. */
  keysUrl: string | undefined
  /** Closes every connection and the listening socket; the same port can be used again right away. */
  close(): Promise<void>
}

type Connection = {
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

type InflightPush = { message: StoredMessage; pushId: number; sentAt: number; attempt: number }

const DEFAULTS = {
  maxMessageBytes: 64 * 1024,
  maxTopicsPerConnection: 1000,
  maxConnections: 1000,
  maxFetchBytes: 256 * 1024,
  maxFrameBytes: 4 * 1024 * 1024,
  maxTtlSeconds: 30 * 24 * 60 * 60,
  pingIntervalMs: 20_000,
}
const DEFAULT_TTL_SECONDS = 6 * 60 * 60
const MAX_TOPIC_LENGTH = 512
const SWEEP_INTERVAL_MS = 10_000
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024
/** How long close() waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 250
/** A push left unacked while later ones were acked is sent again after this long... */
const REDELIVER_AFTER_MS = 1000
/** ...at most this many times on one connection. */
const MAX_REDELIVERIES = 3
const TAG_PROPOSE_SESSION = 1100
const TAG_PROPOSE_SESSION_RESPONSE = 1101
const TAG_SESSION_SETTLE = 1102

/**
 * Starts a relay on one machine that `@walletconnect/core` 2.25 talks to unchanged: relay-auth at
 * the upgrade, subscribe/publish/fetch (and sign-client's `wc_proposeSession`/`wc_approveSession`),
 * a per-client mailbox, and optional persistence in `dataDir`.
 */
export async function startDevRelay(parameters: StartDevRelayParameters = {}): Promise<DevRelay> {
  const { host = '127.0.0.1', port = 0, dataDir, logger = {}, keyDirectory = true } = parameters
  const limits = {
    maxMessageBytes: parameters.maxMessageBytes ?? DEFAULTS.maxMessageBytes,
    maxTopicsPerConnection: parameters.maxTopicsPerConnection ?? DEFAULTS.maxTopicsPerConnection,
    maxConnections: parameters.maxConnections ?? DEFAULTS.maxConnections,
    maxFetchBytes: parameters.maxFetchBytes ?? DEFAULTS.maxFetchBytes,
    maxFrameBytes: parameters.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
    maxTtlSeconds: parameters.maxTtlSeconds ?? DEFAULTS.maxTtlSeconds,
    pingIntervalMs: parameters.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
  }

  const store = createMessageStore({ log: dataDir ? createJsonLinesLog(dataDir) : undefined })
  const subscribers = new Map<string, Set<Connection>>()
  const connections = new Set<Connection>()
  const upgrading = new Set<Socket>()
  let nextPushId = Date.now() * 1000
  let closed = false

  const directory = keyDirectory ? createKeyDirectory() : undefined
  // Plain HTTP answers 200 so readiness checks (a test runner's web server probe, curl) see the relay up.
  const server = createServer((req, res) => {
    if (directory?.handle(req, res)) return
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('chatsync dev relay: connect with a WebSocket\n')
  })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
  })

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
  const sendResult = (conn: Connection, rawId: string | null, result: unknown) => {
    if (rawId === null) return
    send(conn, `{"id":${rawId},"jsonrpc":"2.0","result":${JSON.stringify(result)}}`)
  }
  const sendError = (conn: Connection, rawId: string | null, code: number, message: string) => {
    send(conn, `{"id":${rawId ?? 'null'},"jsonrpc":"2.0","error":${JSON.stringify({ code, message })}}`)
  }

  const subscriptionId = (topic: string, clientId: string) =>
    createHash('sha256')
      .update(topic + clientId)
      .digest('hex')

  const push = (conn: Connection, m: StoredMessage, subId: string, attempt = 0) => {
    const id = ++nextPushId
    conn.inflight.set(String(id), { message: m, pushId: id, sentAt: Date.now(), attempt })
    conn.inflightSeqs.add(m.seq)
    const params = {
      id: subId,
      data: { topic: m.topic, message: m.message, publishedAt: m.publishedAt, tag: m.tag },
    }
    send(conn, `{"id":${id},"jsonrpc":"2.0","method":"irn_subscription","params":${JSON.stringify(params)}}`)
  }

  const subscribe = (conn: Connection, topics: readonly string[]): string[] => {
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
        subId = subscriptionId(topic, conn.clientId)
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
  }

  /** Pushes, in publish order, what the client has not received on `topics` and is not already on its way. */
  const replayMailbox = (conn: Connection, topics: readonly string[]) => {
    for (const m of store.undelivered(conn.clientId, topics)) {
      if (conn.inflightSeqs.has(m.seq)) continue
      const subId = conn.topics.get(m.topic)
      if (subId !== undefined) push(conn, m, subId)
    }
  }

  const unsubscribe = (conn: Connection, topic: string) => {
    if (!conn.topics.delete(topic)) return
    const set = subscribers.get(topic)
    set?.delete(conn)
    if (set?.size === 0) subscribers.delete(topic)
  }

  type PublishRequest = { topic: string; message: string; ttlSeconds: number; tag: number }

  const readPublish = (
    params: ParamsReader,
    fields: { topic: string; message: string },
    defaultTag: number,
  ) => {
    const topic = params.string(fields.topic, { maxLength: MAX_TOPIC_LENGTH })
    const message = params.string(fields.message)
    if (message.length > limits.maxMessageBytes) {
      throw new RelayRpcError(
        RPC_ERROR.invalidParams,
        `Invalid params: "${params.nameOf(fields.message)}" is ${message.length} bytes, more than the maximum of ${limits.maxMessageBytes}`,
      )
    }
    return { topic, message, ttlSeconds: readTtl(params), tag: readTag(params, defaultTag) }
  }
  const readTtl = (params: ParamsReader) => {
    const ttl = params.optionalNumber('ttl') ?? DEFAULT_TTL_SECONDS
    if (ttl <= 0) {
      throw new RelayRpcError(
        RPC_ERROR.invalidParams,
        `Invalid params: "${params.nameOf('ttl')}" must be positive`,
      )
    }
    return Math.min(ttl, limits.maxTtlSeconds)
  }
  const readTag = (params: ParamsReader, defaultTag: number) => params.optionalNumber('tag') ?? defaultTag

  const publish = (conn: Connection, request: PublishRequest) => {
    const stored = store.publish({ ...request, from: conn.clientId })
    const set = subscribers.get(request.topic)
    if (!set) return
    for (const sub of set) {
      // Never back to the publisher: its own socket, or another socket of the same client.
      if (sub === conn || sub.clientId === conn.clientId) continue
      push(sub, stored, sub.topics.get(request.topic)!)
    }
  }

  const fetchAnswer = (conn: Connection, topics: readonly string[]) => {
    const page = store.fetch(conn.clientId, topics, limits.maxFetchBytes)
    return {
      messages: page.messages.map((m) => ({
        topic: m.topic,
        message: m.message,
        publishedAt: m.publishedAt,
        tag: m.tag,
      })),
      hasMore: page.hasMore,
    }
  }

  const readTopics = (params: ParamsReader, field: string) => {
    const topics = readStringArray(params, field, MAX_TOPIC_LENGTH)
    if (topics.length > limits.maxTopicsPerConnection) {
      throw new RelayRpcError(
        RPC_ERROR.limitExceeded,
        `Too many topics: at most ${limits.maxTopicsPerConnection} per request`,
      )
    }
    return topics
  }

  const handleRequest = (conn: Connection, rawId: string | null, method: string, rawParams: unknown) => {
    logger.debug?.(`dev relay: ${method.slice(0, 100)}`)
    switch (method) {
      case 'irn_subscribe': {
        const topic = readParams(rawParams).string('topic', { maxLength: MAX_TOPIC_LENGTH })
        const [subId] = subscribe(conn, [topic])
        sendResult(conn, rawId, subId)
        replayMailbox(conn, [topic])
        return
      }
      case 'irn_batchSubscribe': {
        const topics = readTopics(readParams(rawParams), 'topics')
        sendResult(conn, rawId, subscribe(conn, topics))
        replayMailbox(conn, topics)
        return
      }
      case 'irn_unsubscribe': {
        const params = readParams(rawParams)
        unsubscribe(conn, params.string('topic', { maxLength: MAX_TOPIC_LENGTH }))
        sendResult(conn, rawId, true)
        return
      }
      case 'irn_batchUnsubscribe': {
        const params = readParams(rawParams)
        const topics = params
          .array('subscriptions')
          .map((item, index) =>
            params.at('subscriptions', index, item).string('topic', { maxLength: MAX_TOPIC_LENGTH }),
          )
        for (const topic of topics) unsubscribe(conn, topic)
        sendResult(conn, rawId, true)
        return
      }
      case 'irn_publish': {
        publish(conn, readPublish(readParams(rawParams), { topic: 'topic', message: 'message' }, 0))
        sendResult(conn, rawId, true)
        return
      }
      case 'irn_batchPublish': {
        const params = readParams(rawParams)
        const requests = params
          .array('messages')
          .map((item, index) =>
            readPublish(params.at('messages', index, item), { topic: 'topic', message: 'message' }, 0),
          )
        for (const request of requests) publish(conn, request)
        sendResult(conn, rawId, true)
        return
      }
      case 'irn_fetchMessages': {
        const topic = readParams(rawParams).string('topic', { maxLength: MAX_TOPIC_LENGTH })
        sendResult(conn, rawId, fetchAnswer(conn, [topic]))
        return
      }
      case 'irn_batchFetchMessages': {
        sendResult(conn, rawId, fetchAnswer(conn, readTopics(readParams(rawParams), 'topics')))
        return
      }
      case 'wc_proposeSession': {
        const params = readParams(rawParams)
        const proposal = readPublish(
          params,
          { topic: 'pairingTopic', message: 'sessionProposal' },
          TAG_PROPOSE_SESSION,
        )
        // sign-client creates the pairing without subscribing: the proposer waits for the answer on it.
        subscribe(conn, [proposal.topic])
        publish(conn, proposal)
        sendResult(conn, rawId, true)
        return
      }
      case 'wc_approveSession': {
        const params = readParams(rawParams)
        const response = readPublish(
          params,
          { topic: 'pairingTopic', message: 'sessionProposalResponse' },
          TAG_PROPOSE_SESSION_RESPONSE,
        )
        const settle = readPublish(
          params,
          { topic: 'sessionTopic', message: 'sessionSettlementRequest' },
          TAG_SESSION_SETTLE,
        )
        // One tag covers one of the two messages only; each keeps its own.
        response.tag = TAG_PROPOSE_SESSION_RESPONSE
        settle.tag = TAG_SESSION_SETTLE
        subscribe(conn, [settle.topic])
        publish(conn, response)
        publish(conn, settle)
        sendResult(conn, rawId, true)
        return
      }
      default:
        throw new RelayRpcError(RPC_ERROR.methodNotFound, `Method not found: ${method.slice(0, 100)}`)
    }
  }

  const onFrame = (conn: Connection, data: RawData) => {
    conn.isAlive = true
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8')
    let rawId: string | null = null
    try {
      const frame = parseRpcFrame(text)
      rawId = frame.rawId
      if (frame.kind === 'response') {
        const key = idKey(frame.rawId)
        const entry = conn.inflight.get(key)
        if (entry) {
          conn.inflight.delete(key)
          conn.inflightSeqs.delete(entry.message.seq)
          if (!frame.isError) {
            store.markReceived(conn.clientId, entry.message)
            if (entry.pushId > conn.lastAckedPushId) conn.lastAckedPushId = entry.pushId
          }
        }
        return
      }
      handleRequest(conn, frame.rawId, frame.method, frame.params)
    } catch (error) {
      if (error instanceof RelayRpcError) {
        sendError(conn, error.rawId ?? rawId, error.code, error.message)
      } else {
        logger.error?.(`dev relay: internal error: ${error instanceof Error ? error.message : String(error)}`)
        sendError(conn, rawId, RPC_ERROR.internalError, 'Internal error')
      }
    }
  }

  const onConnection = (ws: WebSocket, clientId: string) => {
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
  }

  const refuse = (socket: Socket, status: number, reason: string) => {
    const statusText = status === 401 ? 'Unauthorized' : 'Service Unavailable'
    const body = `${statusText}: ${reason}\n`
    socket.end(
      `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
    socket.once('finish', () => socket.destroy())
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrading.add(socket)
    socket.on('error', () => socket.destroy())
    const done = () => upgrading.delete(socket)
    if (closed) {
      done()
      socket.destroy()
      return
    }
    if (connections.size + upgrading.size - 1 >= limits.maxConnections) {
      done()
      refuse(socket, 503, `at most ${limits.maxConnections} connections`)
      return
    }
    let token: string | null = null
    try {
      token = new URL(req.url ?? '/', 'http://relay.local').searchParams.get('auth')
    } catch {
      token = null
    }
    verifyAuthToken(token).then(
      (verdict) => {
        done()
        if (closed || socket.destroyed) {
          socket.destroy()
          return
        }
        if (!verdict.ok) {
          logger.debug?.(`dev relay: refused connection: ${verdict.reason}`)
          refuse(socket, 401, verdict.reason)
          return
        }
        wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, verdict.clientId))
      },
      () => {
        done()
        refuse(socket, 401, 'auth token could not be verified')
      },
    )
  })

  const pingTimer = setInterval(() => {
    for (const conn of connections) {
      // ping() throws on a socket that is already closing.
      if (conn.ws.readyState !== WebSocket.OPEN) continue
      if (!conn.isAlive) {
        conn.ws.terminate()
        continue
      }
      conn.isAlive = false
      conn.ws.ping()
    }
  }, limits.pingIntervalMs)
  pingTimer.unref()
  const sweepTimer = setInterval(() => store.sweep(), SWEEP_INTERVAL_MS)
  sweepTimer.unref()

  /**
   * A client handles pushes in order, so a push still unacked after later ones were acked was lost on
   * its side (for example a handler that threw before the ack): send it again, a few times at most.
   * A client that acks nothing (or is slow) is left alone; its pushes come again on its next subscribe.
   */
  const redeliverSkipped = () => {
    const now = Date.now()
    for (const conn of connections) {
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

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen({ host, port }, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    clearInterval(pingTimer)
    clearInterval(sweepTimer)
    clearInterval(redeliverTimer)
    store.close()
    throw error
  }
  server.on('error', (error) => logger.error?.(`dev relay: server error: ${error.message}`))

  const boundPort = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host
  const url = `ws://${urlHost}:${boundPort}`
  logger.info?.(`dev relay listening on ${url}`)

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      closed = true
      clearInterval(pingTimer)
      clearInterval(sweepTimer)
      clearInterval(redeliverTimer)
      for (const socket of upgrading) socket.destroy()
      upgrading.clear()
      // The listening socket goes first, so the port is free again as soon as close() resolves.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      // A close handshake lets answers already written (a fetch page, say) reach the client; a client
      // that does not answer it quickly is cut off.
      const open = [...connections]
      const allClosed = Promise.all(
        open.map((conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve()))),
      )
      for (const conn of open) conn.ws.close(1001, 'relay closing')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        allClosed,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS))),
      ])
      clearTimeout(timer)
      for (const conn of open) conn.ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await serverClosed
      store.close()
      logger.info?.('dev relay closed')
    })()
    return closing
  }

  return { url, port: boundPort, keysUrl: directory ? `http://${urlHost}:${boundPort}` : undefined, close }
}
