import { ENGINE_LIMITS } from './limits.js'

/** Exponential backoff with jitter: attempt 0 → about `base`, doubling up to `max`. */
export function backoffDelay(
  attempt: number,
  base: number = ENGINE_LIMITS.retryBaseMs,
  max: number = ENGINE_LIMITS.retryMaxMs,
): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2))
}
