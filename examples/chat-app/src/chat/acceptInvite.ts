import type { SentInvite, Thread } from '@chatsync/core'
import { randomHex } from '../randomHex'

/** What accepting an invite records: the invite marked approved and the thread it opens. */
export function acceptInvite(invite: SentInvite): { invite: SentInvite; thread: Thread } {
  return {
    invite: { ...invite, status: 'approved' },
    thread: {
      topic: randomHex(),
      selfAccount: invite.inviterAccount,
      peerAccount: invite.inviteeAccount,
      symKey: randomHex(),
    },
  }
}
