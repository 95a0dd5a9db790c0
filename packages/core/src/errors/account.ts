import { BaseError } from './base.js'

export type InvalidAccountReason =
  | 'not-a-string'
  | 'wrong-segment-count'
  | 'invalid-namespace'
  | 'invalid-reference'
  | 'invalid-address'

export type InvalidAccountErrorType = InvalidAccountError & { name: 'InvalidAccountError' }

/** An account is not a CAIP-10 account id (`namespace:reference:address`). */
export class InvalidAccountError extends BaseError {
  override name = 'InvalidAccountError' as const
  declare readonly reason: InvalidAccountReason

  constructor({ account, reason }: { account: unknown; reason: InvalidAccountReason }) {
    // An account is public, but it is echoed only when it is a short string.
    const shown =
      typeof account === 'string'
        ? ` ${JSON.stringify(account.length > 140 ? `${account.slice(0, 140)}…` : account)}`
        : ''
    super(`Invalid CAIP-10 account${shown} (${reason}).`, {
      details: 'Expected namespace:reference:address (CAIP-10).',
    })
    this.reason = reason
  }
}
