import { version } from './version.js'

const packageVersion = `@chatsync/core@${version}`

export type BaseErrorParameters = {
  /** What went wrong beyond the short message. Must never contain secrets or payload values. */
  details?: string | undefined
  metaMessages?: readonly string[] | undefined
  cause?: unknown
  /** The package that reports the error, as `name@version` (default `@chatsync/core@<its version>`). */
  version?: string | undefined
}

export type BaseErrorType = BaseError & { name: 'ChatSyncError' }

/**
 * Root of every error `@chatsync/core` throws or returns. Narrow on `error.name`: plain `Error`s have no
 * `shortMessage`. `details` is taken from a `BaseError` cause, or from the explicit `details` option; the
 * message of a foreign cause is never copied into ours (it may quote input we were given).
 */
export class BaseError extends Error {
  override name = 'ChatSyncError'
  readonly shortMessage: string
  readonly details: string
  readonly metaMessages: readonly string[]
  readonly version: string

  constructor(
    shortMessage: string,
    { details, metaMessages = [], cause, version = packageVersion }: BaseErrorParameters = {},
  ) {
    details ??= cause instanceof BaseError ? cause.details : ''
    const meta = metaMessages.length > 0 ? `\n${metaMessages.join('\n')}\n` : ''
    super(
      `${shortMessage || 'An error occurred.'}\n${meta}${details ? `\nDetails: ${details}\n` : ''}Version: ${version}`,
      cause === undefined ? undefined : { cause },
    )
    this.version = version
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = metaMessages
  }

  /** Follows the `cause` chain; returns the deepest error, or the first one `predicate` accepts. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    return walkCause(this, predicate)
  }
}

/**
 * Follows the `cause` chain from `error` (any value; a cycle ends it): the first error `predicate`
 * accepts (else `null`), or without `predicate` the deepest one.
 */
export function walkCause(error: unknown, predicate?: (error: unknown) => boolean): unknown {
  let current = error
  const seen = new Set<unknown>()
  while (!seen.has(current)) {
    if (predicate?.(current)) return current
    seen.add(current)
    const next = (current as { cause?: unknown } | null | undefined)?.cause
    if (next === undefined || next === null) break
    current = next
  }
  return predicate ? null : current
}
