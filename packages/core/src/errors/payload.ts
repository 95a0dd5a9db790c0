import { BaseError } from './base.js'

export type PayloadIssue = {
  /** Where in the payload, e.g. `["status"]` or `[]` for the payload itself. */
  path: readonly (string | number)[]
  /** What is wrong, without the offending value, e.g. "expected string, received number". */
  problem: string
}

export type PayloadValidationErrorType = PayloadValidationError & { name: 'PayloadValidationError' }

/**
 * A store value does not match its store's payload schema. The message names the store, the field
 * paths and the problems, never the values: payloads carry private keys.
 */
export class PayloadValidationError extends BaseError {
  override name = 'PayloadValidationError' as const
  declare readonly store: string
  declare readonly issues: readonly PayloadIssue[]

  constructor({ store, issues }: { store: string; issues: readonly PayloadIssue[] }) {
    const lines = issues.map((issue) => `- ${issue.path.join('.') || '(payload)'}: ${issue.problem}`)
    super(`Invalid payload for store "${store}".`, { metaMessages: lines })
    this.store = store
    this.issues = issues
  }
}
