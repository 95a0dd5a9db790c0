import type { RawData } from 'ws'
import type { Connection, ConnectionRegistry } from './createConnectionRegistry.js'
import type { Delivery, PublishRequest } from './createDelivery.js'
import type { MessageStore } from './createMessageStore.js'
import { idKey, parseRpcFrame } from './parseRpcFrame.js'
import { type ParamsReader, readParams, readStringArray } from './readParams.js'
import { type DevRelayLogger, MAX_TOPIC_LENGTH, type RelayLimits } from './relayOptions.js'
import { RelayRpcError, RPC_ERROR } from './relayRpcError.js'

const DEFAULT_TTL_SECONDS = 6 * 60 * 60
const TAG_PROPOSE_SESSION = 1100
const TAG_PROPOSE_SESSION_RESPONSE = 1101
const TAG_SESSION_SETTLE = 1102

/**
 * The relay's side of a socket's frames: an answer to a push acknowledges it; a request is read,
 * checked and carried out (`irn_*`, and sign-client's `wc_proposeSession`/`wc_approveSession`), and
 * answered with its result or a JSON-RPC error that never quotes a payload.
 */
export function createRpcHandler({
  registry,
  delivery,
  store,
  limits,
  logger,
}: {
  registry: ConnectionRegistry
  delivery: Delivery
  store: MessageStore
  limits: RelayLimits
  logger: DevRelayLogger
}): (conn: Connection, data: RawData) => void {
  const { subscribe, unsubscribe, sendResult, sendError } = registry

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

  const readPublish = (
    params: ParamsReader,
    fields: { topic: string; message: string },
    defaultTag: number,
  ): PublishRequest => {
    const topic = params.string(fields.topic, { maxLength: MAX_TOPIC_LENGTH })
    const message = params.string(fields.message)
    if (message.length > limits.maxMessageBytes) {
      throw new RelayRpcError(
        RPC_ERROR.invalidParams,
        `Invalid params: "${params.nameOf(fields.message)}" is ${message.length} bytes, more than the maximum of ${limits.maxMessageBytes}`,
      )
    }
    const tag = params.optionalNumber('tag') ?? defaultTag
    return { topic, message, ttlSeconds: readTtl(params), tag }
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

  const fetchAnswer = (conn: Connection, topics: readonly string[]) => {
    const page = store.fetch(conn.clientId, topics, limits.maxFetchBytes)
    return {
      messages: page.messages.map(({ topic, message, publishedAt, tag }) => ({
        topic,
        message,
        publishedAt,
        tag,
      })),
      hasMore: page.hasMore,
    }
  }

  const subscribeAndReplay = (conn: Connection, rawId: string | null, topics: string[], one: boolean) => {
    const ids = subscribe(conn, topics)
    sendResult(conn, rawId, one ? ids[0] : ids)
    delivery.replayMailbox(conn, topics)
  }

  const handleRequest = (conn: Connection, rawId: string | null, method: string, rawParams: unknown) => {
    logger.debug?.(`dev relay: ${method.slice(0, 100)}`)
    switch (method) {
      case 'irn_subscribe': {
        const topic = readParams(rawParams).string('topic', { maxLength: MAX_TOPIC_LENGTH })
        return subscribeAndReplay(conn, rawId, [topic], true)
      }
      case 'irn_batchSubscribe':
        return subscribeAndReplay(conn, rawId, readTopics(readParams(rawParams), 'topics'), false)
      case 'irn_unsubscribe':
        unsubscribe(conn, readParams(rawParams).string('topic', { maxLength: MAX_TOPIC_LENGTH }))
        return sendResult(conn, rawId, true)
      case 'irn_batchUnsubscribe': {
        const params = readParams(rawParams)
        const topics = params
          .array('subscriptions')
          .map((item, index) =>
            params.at('subscriptions', index, item).string('topic', { maxLength: MAX_TOPIC_LENGTH }),
          )
        for (const topic of topics) unsubscribe(conn, topic)
        return sendResult(conn, rawId, true)
      }
      case 'irn_publish':
        delivery.publish(conn, readPublish(readParams(rawParams), { topic: 'topic', message: 'message' }, 0))
        return sendResult(conn, rawId, true)
      case 'irn_batchPublish': {
        const params = readParams(rawParams)
        const requests = params
          .array('messages')
          .map((item, index) =>
            readPublish(params.at('messages', index, item), { topic: 'topic', message: 'message' }, 0),
          )
        for (const request of requests) delivery.publish(conn, request)
        return sendResult(conn, rawId, true)
      }
      case 'irn_fetchMessages': {
        const topic = readParams(rawParams).string('topic', { maxLength: MAX_TOPIC_LENGTH })
        return sendResult(conn, rawId, fetchAnswer(conn, [topic]))
      }
      case 'irn_batchFetchMessages':
        return sendResult(conn, rawId, fetchAnswer(conn, readTopics(readParams(rawParams), 'topics')))
      case 'wc_proposeSession': {
        const params = readParams(rawParams)
        const proposal = readPublish(
          params,
          { topic: 'pairingTopic', message: 'sessionProposal' },
          TAG_PROPOSE_SESSION,
        )
        // sign-client creates the pairing without subscribing: the proposer waits for the answer on it.
        subscribe(conn, [proposal.topic])
        delivery.publish(conn, proposal)
        return sendResult(conn, rawId, true)
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
        delivery.publish(conn, response)
        delivery.publish(conn, settle)
        return sendResult(conn, rawId, true)
      }
      default:
        throw new RelayRpcError(RPC_ERROR.methodNotFound, `Method not found: ${method.slice(0, 100)}`)
    }
  }

  return (conn, data) => {
    conn.isAlive = true
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8')
    let rawId: string | null = null
    try {
      const frame = parseRpcFrame(text)
      rawId = frame.rawId
      if (frame.kind === 'response') {
        delivery.acknowledge(conn, idKey(frame.rawId), frame.isError)
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
}
