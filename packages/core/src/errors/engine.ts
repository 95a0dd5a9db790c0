import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import { BaseError } from './base.js'

export type SignatureMismatchErrorType = SignatureMismatchError & { name: 'SignatureMismatchError' }

/**
 * The sync signature does not belong to the account: for `eip155` accounts it must recover (EIP-191
 * `personal_sign` of the sync message) to the account's address. Nothing was derived or stored. The
 * signature is never echoed. `other-spelling`: it is the account's signature of the sync message that
 * names the account spelled otherwise (`signedSpelling`, e.g. all lowercase); the stores of that message
 * are not the account's stores, so the wallet must sign `getMessage({ account })`.
 */
export class SignatureMismatchError extends BaseError {
  override name = 'SignatureMismatchError' as const
  declare readonly reason: SignatureMismatchReason

  constructor({
    account,
    reason,
    signedSpelling,
  }: {
    account: string
    reason: SignatureMismatchReason
    signedSpelling?: string | undefined
  }) {
    super(
      reason === 'other-spelling'
        ? `The sync signature for ${account} signs the message for ${signedSpelling ?? 'another spelling'}, not for ${account}.`
        : `The sync signature for ${account} is ${reason === 'wrong-signer' ? 'by another signer' : 'malformed'}.`,
      {
        details:
          reason === 'other-spelling'
            ? 'Sync uses the canonical spelling of an account (normalizeAccount): sign getMessage({ account }).'
            : "Expected this account's personal_sign of getMessage().",
      },
    )
    this.reason = reason
  }
}

export type SignatureMismatchReason = 'wrong-signer' | 'malformed-signature' | 'other-spelling'

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

export type InvalidRetentionErrorType = InvalidRetentionError & { name: 'InvalidRetentionError' }

/** The `retention` option cannot work (see `RetentionParameters`). */
export class InvalidRetentionError extends BaseError {
  override name = 'InvalidRetentionError' as const

  constructor() {
    super('Invalid retention.', {
      details: 'Expected ttlSeconds > refreshAfterSeconds > 0 and tombstoneSeconds >= 0.',
    })
  }
}

export type StoreKeyMismatchErrorType = StoreKeyMismatchError & { name: 'StoreKeyMismatchError' }

/** A write bound to one entry (a row hook's `set`) was given a value whose key is another entry's. */
export class StoreKeyMismatchError extends BaseError {
  override name = 'StoreKeyMismatchError' as const
  readonly store: string

  constructor({ store }: { store: string }) {
    super(`The value's key is not the key of the ${store} entry being written.`)
    this.store = store
  }
}

export type CodeLoadErrorType = CodeLoadError & { name: 'CodeLoadError' }

/**
 * The engine's code that loads on first use (key derivation, what makes a registration live, a
 * rebuild's relay connection) could not be loaded: the page is
 * offline, or a deploy removed the chunk. Nothing was changed; try again when online, or reload the page.
 */
export class CodeLoadError extends BaseError {
  override name = 'CodeLoadError' as const

  constructor({ cause }: { cause: unknown }) {
    super("Could not load chatsync's code for this (it loads on first use).", {
      cause,
      details: 'Try again once online, or reload the page (a deploy may have replaced the chunk).',
    })
  }
}
