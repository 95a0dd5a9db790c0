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

/** A decrypted message is not a well-formed `wc_syncSet` / `wc_syncDel` request. Never echoes it. */
export class WireParseError extends BaseError {
  override name = 'WireParseError' as const
  readonly reason: WireParseReason

  constructor({ reason, problem }: { reason: WireParseReason; problem: string }) {
    super(`Invalid sync message (${reason}): ${problem}.`)
    this.reason = reason
  }
}
