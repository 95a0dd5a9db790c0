import { BaseError } from '../errors/base.js'
import type { ChatSyncCore } from './chatSyncCore.js'

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
  /** Retry backoff: first delay, ceiling. */
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  /** Persisted state is written at most this often (longer when writes are slow, see createPersister). */
  persistDelayMs: 100,
  /** History fetch pages decoded per slice before yielding to the event loop. */
  decodeSliceSize: 500,
})

/** Runs `task` after the current macrotask: soon, but after other I/O callbacks of this turn. */
export function scheduleSoon(task: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(task)
  else setTimeout(task, 0)
}

export type TimeoutErrorType = TimeoutError & { name: 'TimeoutError' }

/** An operation did not settle in time; `details` names it and the limit. */
export class TimeoutError extends BaseError {
  override name = 'TimeoutError' as const

  constructor({ operation, ms }: { operation: string; ms: number }) {
    super('The request timed out.', { details: `${operation} did not settle within ${ms} ms.` })
  }
}

/** `promise`, or a rejection with {@link TimeoutError} after `ms`. The timer never keeps a process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError({ operation, ms })), ms)
    ;(timer as { unref?: () => void }).unref?.()
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** A relay request that fails with {@link TimeoutError} when unanswered after `requestTimeoutMs`. */
export function relayRequest(core: ChatSyncCore, method: string, params: unknown): Promise<unknown> {
  return withTimeout(core.relayer.request({ method, params }), ENGINE_LIMITS.requestTimeoutMs, method)
}

/** Exponential backoff with jitter: attempt 0 → about `base`, doubling up to `max`. */
export function backoffDelay(
  attempt: number,
  base: number = ENGINE_LIMITS.retryBaseMs,
  max: number = ENGINE_LIMITS.retryMaxMs,
): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2))
}
