import { InvalidRetentionError } from '../errors/engine.js'

const DAY = 86_400

/**
 * How long the relay keeps what the engine publishes, and when it publishes it again so that it never
 * expires. Tests compress days into seconds.
 */
export type RetentionParameters = {
  /** The ttl of every publish: how long the relay keeps a message. Default 30 days (the relay's maximum). */
  ttlSeconds?: number | undefined
  /**
   * An entry whose newest copy on the relay is this old is published again (its current message, with
   * its original id), after a per-device jitter over half the time left before it expires. Default three
   * quarters of the ttl (22.5 days).
   */
  refreshAfterSeconds?: number | undefined
  /**
   * How long a deleted entry's tombstone is kept alive on the relay after the delete. A device that still
   * holds the entry learns of the delete when it comes back within this time plus the ttl; one away longer
   * would publish the entry again and bring it back on every device. Default: for as long as the account
   * lives (`Infinity`): a tombstone costs a key and an id in storage and one small message per refresh
   * period. A finite value bounds that cost and accepts the risk for devices away longer.
   */
  tombstoneSeconds?: number | undefined
}

export type Retention = {
  ttlSeconds: number
  refreshAfterMs: number
  /** The jitter's range: refreshes happen between `refreshAfter` and `refreshAfter + jitter`. */
  jitterMs: number
  tombstoneMs: number
  /** How often a device looks for entries to refresh. */
  checkEveryMs: number
}

export const DEFAULT_RETENTION = Object.freeze({
  ttlSeconds: 30 * DAY,
  refreshAfterSeconds: 22.5 * DAY,
  tombstoneSeconds: Number.POSITIVE_INFINITY,
})

/** The retention to use, from what the app gave. @throws {InvalidRetentionError} on values that cannot work. */
export function resolveRetention(parameters: RetentionParameters = {}): Retention {
  const ttlSeconds = parameters.ttlSeconds ?? DEFAULT_RETENTION.ttlSeconds
  const refreshAfterSeconds =
    parameters.refreshAfterSeconds ??
    (parameters.ttlSeconds ? ttlSeconds * 0.75 : DEFAULT_RETENTION.refreshAfterSeconds)
  const tombstoneSeconds = parameters.tombstoneSeconds ?? DEFAULT_RETENTION.tombstoneSeconds
  if (
    !(ttlSeconds > 0) ||
    !(refreshAfterSeconds > 0) ||
    !(refreshAfterSeconds < ttlSeconds) ||
    !(tombstoneSeconds >= 0)
  ) {
    throw new InvalidRetentionError()
  }
  const refreshAfterMs = refreshAfterSeconds * 1000
  // Half the time left before expiry: the other half is the margin for devices that are offline.
  const jitterMs = ((ttlSeconds - refreshAfterSeconds) * 1000) / 2
  return {
    ttlSeconds: Math.ceil(ttlSeconds),
    refreshAfterMs,
    jitterMs,
    tombstoneMs: tombstoneSeconds * 1000,
    // Devices whose refreshes fall due closer together than a check both publish: checks are fine-grained
    // against the jitter.
    checkEveryMs: Math.min(Math.max(jitterMs / 100, 10), 10 * 60_000),
  }
}
