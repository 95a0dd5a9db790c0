import { BaseError } from './base.js'

export type WireParseReason =
  | 'not-json'
  | 'not-object'
  | 'not-jsonrpc'
  | 'unknown-method'
  | 'invalid-id'
  | 'invalid-params'
  | 'invalid-key'
  | 'invalid-value'

export type WireParseErrorType = WireParseError & { name: 'WireParseError' }

/**
 * A decrypted message is not a well-formed `wc_syncSet` / `wc_syncDel` request: `reason` names the part
 * that is wrong. Never echoes the message.
 */
export class WireParseError extends BaseError {
  override name = 'WireParseError' as const
  declare readonly reason: WireParseReason

  /** `problem`, when given, says more than `reason` (never quoting the message). */
  constructor({ reason, problem }: { reason: WireParseReason; problem?: string | undefined }) {
    super(`Invalid sync message (${reason})${problem ? `: ${problem}` : ''}.`)
    this.reason = reason
  }
}
