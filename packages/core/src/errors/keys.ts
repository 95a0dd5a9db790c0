import { BaseError } from './base.js'

export type InvalidSignatureErrorType = InvalidSignatureError & { name: 'InvalidSignatureError' }

/** The signature handed to key derivation is not a non-empty string. The value is never echoed. */
export class InvalidSignatureError extends BaseError {
  override name = 'InvalidSignatureError' as const
  readonly reason: 'not-a-string' | 'empty'

  constructor({ reason }: { reason: 'not-a-string' | 'empty' }) {
    super(
      reason === 'empty'
        ? 'The signature is an empty string.'
        : 'The signature must be a string (the text the wallet returned, e.g. "0x…").',
    )
    this.reason = reason
  }
}

export type InvalidStoreNameReason = 'not-a-string' | 'empty' | 'unsupported-character' | 'not-a-list'

export type InvalidStoreNameErrorType = InvalidStoreNameError & { name: 'InvalidStoreNameError' }

/** A store name cannot be turned into a derivation path (names are printable ASCII, non-empty). */
export class InvalidStoreNameError extends BaseError {
  override name = 'InvalidStoreNameError' as const
  readonly reason: InvalidStoreNameReason

  constructor({ storeName, reason }: { storeName: unknown; reason: InvalidStoreNameReason }) {
    const shown =
      typeof storeName === 'string' && reason !== 'unsupported-character' && reason !== 'not-a-list'
        ? ` ${JSON.stringify(storeName.slice(0, 140))}`
        : ''
    if (reason === 'not-a-list') {
      super('Invalid store names: expected an array of store names.')
      this.reason = reason
      return
    }
    const why =
      reason === 'not-a-string'
        ? 'it is not a string'
        : reason === 'empty'
          ? 'it is empty'
          : 'only printable ASCII characters (0x20-0x7e) are supported'
    super(`Invalid store name${shown}: ${why}.`)
    this.reason = reason
  }
}
