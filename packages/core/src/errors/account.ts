import { BaseError } from './base.js'

export type InvalidAccountReason =
  | 'not-a-string'
  | 'wrong-segment-count'
  | 'invalid-namespace'
  | 'invalid-reference'
  | 'invalid-address'
  | 'invalid-checksum'

export type InvalidAccountErrorType = InvalidAccountError & { name: 'InvalidAccountError' }

const DETAILS: Partial<Record<InvalidAccountReason, string>> = {
  'invalid-checksum':
    'The address mixes upper and lower case but fails its EIP-55 checksum (a mistyped address?). Give it all lowercase, or with its EIP-55 checksum.',
}

/**
 * An account is not a CAIP-10 account id (`namespace:reference:address`), or, for `eip155`, not an EVM
 * account (`eip155:<decimal chain id>:0x<40 hex digits>`, in one case or with its EIP-55 checksum).
 */
export class InvalidAccountError extends BaseError {
  override name = 'InvalidAccountError' as const
  declare readonly reason: InvalidAccountReason

  constructor({
    account,
    reason,
    namespace,
  }: { account: unknown; reason: InvalidAccountReason; namespace?: string | undefined }) {
    // An account is public, but it is echoed only when it is a short string.
    const shown =
      typeof account === 'string'
        ? ` ${JSON.stringify(account.length > 140 ? `${account.slice(0, 140)}…` : account)}`
        : ''
    super(`Invalid CAIP-10 account${shown} (${reason}).`, {
      details:
        DETAILS[reason] ??
        (namespace === 'eip155'
          ? 'Expected eip155:<decimal chain id>:0x<40 hex digits> (CAIP-10, eip155 namespace).'
          : 'Expected namespace:reference:address (CAIP-10).'),
    })
    this.reason = reason
  }
}
