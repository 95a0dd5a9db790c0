import type { SentInvite } from '@chatsync/core'
import { randomHex } from '../randomHex'

export type CreateSentInviteParameters = { inviterAccount: string; inviteeAccount: string; message: string }

/** A new pending invite with fresh keys, as the Chat API records it when it sends one. */
export function createSentInvite({
  inviterAccount,
  inviteeAccount,
  message,
}: CreateSentInviteParameters): SentInvite {
  const now = Date.now()
  return {
    id: now * 1000 + Math.floor(Math.random() * 1000),
    message,
    inviterAccount,
    inviteeAccount,
    inviterPubKeyY: randomHex(),
    inviterPrivKeyY: randomHex(),
    status: 'pending',
    responseTopic: randomHex(),
    symKey: randomHex(),
    timestamp: now,
  }
}
