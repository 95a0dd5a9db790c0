import { BaseError } from './base.js'

export type InvalidAccountReason =
  | 'not-a-string'
  | 'wrong-segment-count'
  | 'invalid-namespace'
  | 'invalid-reference'
  | 'invalid-address'

export type InvalidAccountErrorType = InvalidAccountError & { name: 'InvalidAccountError' }

const describe: Record<InvalidAccountReason, string> = {
  'not-a-string': 'the account is not a string',
  'wrong-segment-count': 'expected exactly three ":"-separated parts (namespace:reference:address)',
  'invalid-namespace': 'the namespace must be 3-8 characters of [-a-z0-9]',
  'invalid-reference': 'the chain reference must be 1-32 characters of [-_a-zA-Z0-9]',
  'invalid-address': 'the address must be 1-128 characters of [-.%a-zA-Z0-9]',
}

/** An account is not a CAIP-10 account id (`namespace:reference:address`). */
export class InvalidAccountError extends BaseError {
  override name = 'InvalidAccountError' as const
  readonly reason: InvalidAccountReason

  constructor({ account, reason }: { account: unknown; reason: InvalidAccountReason }) {
    // An account is public, but it is echoed only when it is a short string.
    const shown =
      typeof account === 'string'
        ? ` ${JSON.stringify(account.length > 140 ? `${account.slice(0, 140)}…` : account)}`
        : ''
    super(`Invalid CAIP-10 account${shown}: ${describe[reason]}.`, {
      details: 'See https://chainagnostic.org/CAIPs/caip-10',
    })
    this.reason = reason
  }
}
