import { sealEnvelope } from '@chatsync/core/internal'
import { hexToBytes } from '@noble/hashes/utils.js'
import { ChatError } from '../errors/ChatError.js'
import { CHAT_RPC, type RpcRequest } from '../protocol/rpc.js'
import { buildCopy, buildLeave } from '../protocol/threadPayloads.js'
import type { AccountContext } from './accountContext.js'
import { saveEntry, type ThreadEntry, updateMessage } from './threadEntry.js'

/** Copies published per round at most (the rest wait for the next check). */
const ROUND_LIMIT = 200

/** A stable number in [0, 1) per device and message (FNV-1a of the id, mixed with a device seed). */
function spread(id: number, seed: number): number {
  let hash = 0x811c9dc5 ^ seed
  const text = String(id)
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) / 0x1_0000_0000
}

/**
 * Keeps a thread's messages on the relay for as long as the thread lives: the relay forgets a message
 * after its ttl, and a device added later (with every other device offline) could not show it. For each
 * message (and the peer's leave), this device knows when the newest relay copy was published (its own
 * publish, the original as received, or a copy another device made); once that is `refreshAfter` plus a
 * per-device jitter old, it publishes a copy: `chatsync_chatCopy` with the original request (its id and
 * signed claims unchanged), the time the relay first received it, and its receipt. Copies seen from other
 * devices (of either account) postpone this device's own, so devices online together share the work.
 */
export function createMessageKeepAlive(ctx: AccountContext): { stop(): void; check(): Promise<void> } {
  const seed = Math.floor(Math.random() * 0x7fffffff)
  const { refreshAfterMs, jitterMs, checkEveryMs } = ctx.retention
  const isDue = (id: number, copyAt: number, now: number) =>
    copyAt > 0 && now - copyAt >= refreshAfterMs + spread(id, seed) * jitterMs
  let running: Promise<void> | undefined

  const copiesOf = (entry: ThreadEntry, now: number) => {
    const due: { request: RpcRequest; receivedAt: number; receipt?: string | undefined; done(): void }[] = []
    for (const m of entry.kept.messages) {
      if (!isDue(m.id, m.copyAt, now)) continue
      const request: RpcRequest = {
        id: m.id,
        jsonrpc: '2.0',
        method: CHAT_RPC.message.method,
        params: { messageAuth: m.auth },
      }
      due.push({
        request,
        receivedAt: m.receivedAt,
        receipt: m.receipt,
        done: () => updateMessage(entry, m, { copyAt: ctx.now() }),
      })
    }
    const leave = entry.kept.leave
    if (leave && isDue(leave.id, leave.copyAt, now))
      due.push({
        request: buildLeave(leave.id),
        receivedAt: leave.receivedAt,
        done: () => (leave.copyAt = ctx.now()),
      })
    return due
  }

  async function round() {
    const now = ctx.now()
    let budget = ROUND_LIMIT
    for (const entry of ctx.threads.values()) {
      if (budget <= 0 || ctx.stopped) return
      const key = hexToBytes(entry.thread.symKey)
      for (const copy of copiesOf(entry, now).slice(0, budget)) {
        budget--
        const envelope = sealEnvelope(
          key,
          JSON.stringify(buildCopy(copy.request, copy.receivedAt, copy.receipt)),
        )
        try {
          await ctx.publish(entry.thread.topic, envelope, CHAT_RPC.copy.tag)
          copy.done()
          saveEntry(ctx.device, entry)
        } catch {
          // The relay is unreachable: the next check tries again.
          return
        }
      }
    }
  }

  const check = () => {
    running ??= round().finally(() => {
      running = undefined
    })
    return running
  }
  const timer = setInterval(
    () =>
      void check().catch((cause: unknown) =>
        ctx.report(new ChatError('Could not keep the chat’s messages on the relay.', { cause })),
      ),
    checkEveryMs,
  )
  ;(timer as { unref?: () => void }).unref?.()
  return {
    check,
    stop: () => clearInterval(timer),
  }
}

/** The retention to run with, from the app's parameters (days compressed into seconds in tests). */
export function resolveChatRetention({
  ttlSeconds = 2_592_000,
  refreshAfterSeconds = ttlSeconds * 0.75,
}: {
  ttlSeconds?: number | undefined
  refreshAfterSeconds?: number | undefined
} = {}) {
  if (!(ttlSeconds > 0) || !(refreshAfterSeconds > 0) || !(refreshAfterSeconds < ttlSeconds))
    throw new RangeError('Expected ttlSeconds > refreshAfterSeconds > 0.')
  const jitterMs = ((ttlSeconds - refreshAfterSeconds) * 1000) / 2
  return {
    ttlSeconds: Math.ceil(ttlSeconds),
    refreshAfterMs: refreshAfterSeconds * 1000,
    jitterMs,
    checkEveryMs: Math.min(Math.max(jitterMs / 100, 10), 10 * 60_000),
  }
}
