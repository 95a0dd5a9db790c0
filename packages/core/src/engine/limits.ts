/** Size and timing limits of the engine. */
export const ENGINE_LIMITS = Object.freeze({
  /**
   * Longest encrypted message (base64 characters) accepted on a store topic, and the longest request
   * text a write may produce (its envelope then stays under the first limit). Chat payloads are well
   * under 2 KB; the relay frame limit of the WalletConnect core is about 1 MB.
   */
  maxMessageLength: 32 * 1024,
  maxRequestLength: 23 * 1024,
  /** Publish requests in flight at once per account, and writes per request when they queue up. */
  publishRequests: 4,
  publishBatchSize: 100,
  /** A relay request that has not settled after this long counts as failed (and is retried). */
  requestTimeoutMs: 15_000,
  /**
   * The relay connection counts as `offline` when the relay has not answered for this long (sooner when a
   * connection attempt of our own, made after `diagnoseAfterMs` without an answer, fails). While offline,
   * the engine asks again with backoff up to `reconnectMaxMs`.
   */
  offlineAfterMs: 2_000,
  diagnoseAfterMs: 750,
  reconnectMaxMs: 10_000,
  /**
   * The longest a connection attempt of the WalletConnect core (2.25) runs on once the app has closed the
   * transport: the try under way (its socket's 15 s limit) and the wait after it (at most 5 s).
   */
  coreAttemptMaxMs: 25_000,
  /** A connection check without an answer after this long no longer stops the next one. */
  probeTimeoutMs: 5_000,
  /** Retry backoff: first delay, ceiling. */
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  /** Persisted state is written at most this often (longer when writes are slow, see createPersister). */
  persistDelayMs: 100,
  /** History fetch pages decoded per slice before yielding to the event loop. */
  decodeSliceSize: 500,
})
