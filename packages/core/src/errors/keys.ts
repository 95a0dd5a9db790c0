import { BaseError } from './base.js'

export type InvalidSignatureErrorType = InvalidSignatureError & { name: 'InvalidSignatureError' }

/** The signature handed to key derivation is not a non-empty string. The value is never echoed. */
export class InvalidSignatureError extends BaseError {
  override name = 'InvalidSignatureError' as const
  declare readonly reason: 'not-a-string' | 'empty'

  constructor({ reason }: { reason: 'not-a-string' | 'empty' }) {
    super(`Invalid signature (${reason}): expected the string the wallet returned.`)
    this.reason = reason
  }
}

export type InvalidStoreNameReason = 'not-a-string' | 'empty' | 'unsupported-character' | 'not-a-list'

export type InvalidStoreNameErrorType = InvalidStoreNameError & { name: 'InvalidStoreNameError' }

/** A store name cannot be turned into a derivation path (names are printable ASCII, non-empty). */
export class InvalidStoreNameError extends BaseError {
  override name = 'InvalidStoreNameError' as const
  declare readonly reason: InvalidStoreNameReason

  /** The name itself is not echoed: `reason` says what is wrong with it. */
  constructor({ reason }: { storeName?: unknown; reason: InvalidStoreNameReason }) {
    super(
      reason === 'not-a-list'
        ? 'Invalid store names (not-a-list): expected an array.'
        : `Invalid store name (${reason}): expected a non-empty string of printable ASCII.`,
    )
    this.reason = reason
  }
}
