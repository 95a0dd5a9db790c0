import { TimeoutError } from '../../errors/relay.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'

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
