import { sealEnvelope } from '@chatsync/core/internal'
import { hexToBytes } from '@noble/hashes/utils.js'
import { CHAT_RPC } from '../protocol/rpc.js'
import { buildReceipt, type OpenedMessage } from '../protocol/threadPayloads.js'
import type { AccountContext } from './accountContext.js'
import { saveEntry, type ThreadEntry, updateMessage } from './threadEntry.js'

/**
 * Acknowledges the peer's messages this account has not acknowledged yet (Message Status spec): a
 * receipt per message, signed by this device's identity key, kept once the relay took it.
 */
export function sendReceipts(ctx: AccountContext, entry: ThreadEntry, messages: readonly OpenedMessage[]) {
  const identity = ctx.identity
  if (!identity) return
  const key = hexToBytes(entry.thread.symKey)
  for (const message of messages) {
    const receipt = buildReceipt({ message, identity, ttlSeconds: ctx.jwtTtlSeconds })
    ctx
      .publish(entry.thread.topic, sealEnvelope(key, JSON.stringify(receipt)), CHAT_RPC.message.responseTag)
      .then(() => {
        const kept = entry.byId.get(message.id)
        if (kept && !kept.receipt)
          updateMessage(entry, kept, {
            receipt: (receipt as { result: { receiptAuth: string } }).result.receiptAuth,
          })
        saveEntry(ctx.device, entry)
      }, ctx.report)
  }
}
