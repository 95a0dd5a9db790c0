import { BaseError } from './base.js'
import type { WireParseReason } from './wire.js'

export type IncomingMessageRejectReason =
  | 'oversized'
  | 'undecryptable'
  | WireParseReason
  | 'invalid-payload'
  | 'key-mismatch'

export type IncomingMessageErrorType = IncomingMessageError & { name: 'IncomingMessageError' }

/**
 * A message on a store topic was dropped: it could not be decrypted, was not a well-formed sync request,
 * carried a value that fails the store's schema, a key that differs from the payload's key field, or was
 * too large. State is untouched. Neither the message nor its values are echoed.
 */
export class IncomingMessageError extends BaseError {
  override name = 'IncomingMessageError' as const
  declare readonly reason: IncomingMessageRejectReason
  declare readonly account: string
  declare readonly store: string

  constructor({
    account,
    store,
    reason,
    cause,
  }: {
    account: string
    store: string
    reason: IncomingMessageRejectReason
    cause?: unknown
  }) {
    super(`Dropped a ${store} message for ${account} (${reason}).`, { cause })
    this.reason = reason
    this.account = account
    this.store = store
  }
}

export type RelayRequestErrorType = RelayRequestError & { name: 'RelayRequestError' }

/**
 * A relay operation (history fetch, subscribe, publish) failed or timed out (the cause's details say
 * which). The engine retries with backoff and when the relay connection comes back; this error only
 * reports it.
 */
export class RelayRequestError extends BaseError {
  override name = 'RelayRequestError' as const
  declare readonly operation: 'fetch' | 'subscribe' | 'publish' | 'unsubscribe'

  constructor({
    operation,
    account,
    cause,
  }: {
    operation: 'fetch' | 'subscribe' | 'publish' | 'unsubscribe'
    account: string
    cause?: unknown
  }) {
    super(`The relay ${operation} for ${account} failed.`, { cause })
    this.operation = operation
  }
}

export type TransportClosedErrorType = TransportClosedError & { name: 'TransportClosedError' }

/** The app closed the core's relay transport; writes wait in the outbox until it reopens. */
export class TransportClosedError extends BaseError {
  override name = 'TransportClosedError' as const

  constructor() {
    super('The app closed the relay transport.')
  }
}

export type RelayDisconnectedErrorType = RelayDisconnectedError & { name: 'RelayDisconnectedError' }

/** The relay connection dropped while an operation waited for its answer; it is retried. */
export class RelayDisconnectedError extends BaseError {
  override name = 'RelayDisconnectedError' as const

  constructor() {
    super('The relay connection dropped.')
  }
}

export type TimeoutErrorType = TimeoutError & { name: 'TimeoutError' }

/** An operation did not settle in time; `details` names it and the limit. */
export class TimeoutError extends BaseError {
  override name = 'TimeoutError' as const

  constructor({ operation, ms }: { operation: string; ms: number }) {
    super('The request timed out.', { details: `${operation} did not settle within ${ms} ms.` })
  }
}

/**
 * Why the relay could not be reached: `refused` (the connection attempt failed: nothing listening, the
 * name not found, or the relay turned the connection down; a browser does not say which), `timeout` (no
 * connection, or an open connection the relay did not answer on, within the limit), `closed` (the
 * connection closed before the relay answered).
 */
export type RelayUnreachableReason = 'refused' | 'timeout' | 'closed'

export type RelayUnreachableErrorType = RelayUnreachableError & { name: 'RelayUnreachableError' }

const unreachableWhat: Record<RelayUnreachableReason, string> = {
  refused: 'the connection was refused',
  timeout: 'it did not answer in time',
  closed: 'the connection closed',
}

/**
 * The device is offline: the relay at `url` (as configured, without its query: no auth token or project
 * id) did not answer. Reported once each time the connection goes `offline`; writes are still applied
 * and saved, and the engine keeps trying: once the relay answers it catches up and delivers the outbox
 * by itself.
 */
export class RelayUnreachableError extends BaseError {
  override name = 'RelayUnreachableError' as const
  declare readonly url: string
  declare readonly reason: RelayUnreachableReason

  constructor({
    url,
    reason,
    details,
    cause,
  }: {
    url: string
    reason: RelayUnreachableReason
    details?: string | undefined
    cause?: unknown
  }) {
    super(`The relay at ${url} cannot be reached: ${unreachableWhat[reason]}.`, { details, cause })
    this.url = url
    this.reason = reason
  }
}
