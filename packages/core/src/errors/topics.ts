import { BaseError } from './base.js'

export type TopicMessageRejectReason =
  /** Not a WalletConnect envelope (bad base64, too short), or over the size limit. */
  | 'malformed'
  /** An envelope of another type than the topic takes (type 0 with a symKey, type 1 with a private key). */
  | 'wrong-type'
  /** The topic's key does not open it (another key, or tampered with), or its text is not UTF-8. */
  | 'undecryptable'

export type TopicMessageErrorType = TopicMessageError & { name: 'TopicMessageError' }

/** A message on a watched topic could not be opened and was dropped. Neither it nor the key is echoed. */
export class TopicMessageError extends BaseError {
  override name = 'TopicMessageError' as const
  declare readonly reason: TopicMessageRejectReason
  declare readonly topic: string

  constructor({ topic, reason }: { topic: string; reason: TopicMessageRejectReason }) {
    super(`Dropped a message on a watched topic (${reason}).`, { details: `topic ${topic.slice(0, 12)}…` })
    this.reason = reason
    this.topic = topic
  }
}

export type TopicRequestErrorType = TopicRequestError & { name: 'TopicRequestError' }

/**
 * Reading a watched topic's history or subscribing to it failed (the cause says why); it is tried again
 * with backoff and whenever the relay connection comes back.
 */
export class TopicRequestError extends BaseError {
  override name = 'TopicRequestError' as const
  declare readonly operation: 'fetch' | 'subscribe'

  constructor({
    operation,
    count,
    cause,
  }: { operation: 'fetch' | 'subscribe'; count: number; cause?: unknown }) {
    super(`The relay ${operation} of ${count} watched topic${count === 1 ? '' : 's'} failed.`, { cause })
    this.operation = operation
  }
}
