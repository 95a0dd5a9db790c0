import { BaseError } from '../errors/base.js'
import type { WireParseReason } from '../errors/wire.js'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'

export type SignatureMismatchErrorType = SignatureMismatchError & { name: 'SignatureMismatchError' }

/**
 * The sync signature does not belong to the account: for `eip155` accounts it must recover (EIP-191
 * `personal_sign` of the sync message) to the account's address. Nothing was derived or stored. The
 * signature is never echoed.
 */
export class SignatureMismatchError extends BaseError {
  override name = 'SignatureMismatchError' as const
  declare readonly reason: 'wrong-signer' | 'malformed-signature'

  constructor({ account, reason }: { account: string; reason: 'wrong-signer' | 'malformed-signature' }) {
    super(
      `The sync signature for ${account} is ${reason === 'wrong-signer' ? 'by another signer' : 'malformed'}.`,
      {
        details: "Expected this account's personal_sign of getMessage().",
      },
    )
    this.reason = reason
  }
}

export type AccountNotRegisteredErrorType = AccountNotRegisteredError & {
  name: 'AccountNotRegisteredError'
}

/** A write for an account that is not registered (or restored) on this client. */
export class AccountNotRegisteredError extends BaseError {
  override name = 'AccountNotRegisteredError' as const
  declare readonly account: string

  constructor({ account, action }: { account: string; action: string }) {
    super(`Cannot ${action}: ${account} is not registered (register() or restore() it first).`)
    this.account = account
  }
}

export type UnknownStoreErrorType = UnknownStoreError & { name: 'UnknownStoreError' }

/** A store id that is not one of the Chat stores (`CHAT_STORE_IDS`). */
export class UnknownStoreError extends BaseError {
  override name = 'UnknownStoreError' as const

  constructor({ store }: { store: unknown }) {
    const shown = typeof store === 'string' ? ` "${store.slice(0, 80)}"` : ''
    super(`Unknown store${shown}.`, { details: `Expected one of ${CHAT_STORE_IDS.join(', ')}.` })
  }
}

export type InvalidStoreKeyErrorType = InvalidStoreKeyError & { name: 'InvalidStoreKeyError' }

/** A key given to `delete` is not a non-empty string. */
export class InvalidStoreKeyError extends BaseError {
  override name = 'InvalidStoreKeyError' as const

  constructor() {
    super('The store key must be a non-empty string.')
  }
}

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

export type StorageErrorType = StorageError & { name: 'StorageError' }

/** Reading or writing the persisted sync state failed. */
export class StorageError extends BaseError {
  override name = 'StorageError' as const
  declare readonly operation: 'load' | 'save' | 'remove'

  constructor({
    operation,
    account,
    cause,
  }: {
    operation: 'load' | 'save' | 'remove'
    account: string
    cause?: unknown
  }) {
    super(`Could not ${operation} the sync state of ${account}.`, { cause })
    this.operation = operation
  }
}

export type DeliveryCancelledErrorType = DeliveryCancelledError & { name: 'DeliveryCancelledError' }

/** A write was not delivered because its account was unregistered or the client destroyed first. */
export class DeliveryCancelledError extends BaseError {
  override name = 'DeliveryCancelledError' as const

  constructor({ reason }: { reason: 'unregistered' | 'destroyed' }) {
    super(`The write was not delivered: the ${reason === 'destroyed' ? 'client' : 'account'} was ${reason}.`)
  }
}

export type ClientDestroyedErrorType = ClientDestroyedError & { name: 'ClientDestroyedError' }

/** The client was used after `destroy()`. */
export class ClientDestroyedError extends BaseError {
  override name = 'ClientDestroyedError' as const

  constructor() {
    super('This client was destroyed.')
  }
}

export type PayloadTooLargeErrorType = PayloadTooLargeError & { name: 'PayloadTooLargeError' }

/** A value whose JSON text exceeds what a sync message may carry; other devices would drop it. */
export class PayloadTooLargeError extends BaseError {
  override name = 'PayloadTooLargeError' as const

  constructor({ store, size, limit }: { store: string; size: number; limit: number }) {
    super(`The ${store} value is too large (${size} > ${limit} characters).`)
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
