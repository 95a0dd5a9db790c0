import type { SentInvite } from '@chatsync/core'
import { sameAccount } from '../account/sameAccount.js'
import type { AccountContext } from './accountContext.js'
import type { ChatState, ChatThread, ReceivedInvite, SentChatInvite } from './chatState.js'
import { threadView } from './threadEntry.js'

const inviteStatus = (status: string | undefined) =>
  status === 'approved' || status === 'rejected' ? status : 'pending'

/**
 * What the state shows of an account's chat, made again after each batch of changes: received invites
 * with the status any device gave them, sent invites without their keys, and the threads (only those in
 * `dirty` get a new object, so a selection of one thread changes only with it). Objects that did not
 * change are the same as before.
 */
export function createProjection(ctx: AccountContext, dirty: Set<string>): () => Partial<ChatState> {
  const invitesShown = new Map<string, ReceivedInvite>()
  const sentShown = new WeakMap<SentInvite, SentChatInvite>()
  const stores = () => ctx.session.state.getState().stores
  return () => {
    const statuses = stores().receivedInviteStatuses.byKey
    const receivedInvites: Record<string, ReceivedInvite> = {}
    for (const [id, { symKey: _, responseTopic: __, ...invite }] of ctx.invites) {
      const status = inviteStatus(statuses[id]?.status)
      let shown = invitesShown.get(id)
      if (shown?.status !== status) {
        shown = Object.freeze({ ...invite, status })
        invitesShown.set(id, shown)
      }
      receivedInvites[id] = shown
    }
    const sentInvites: Record<string, SentChatInvite> = {}
    for (const invite of stores().sentInvites.data) {
      if (!sameAccount(invite.inviterAccount, ctx.account)) continue
      let shown = sentShown.get(invite)
      if (!shown) {
        const { id, message, inviterAccount, inviteeAccount, timestamp, status, responseTopic } = invite
        shown = Object.freeze({
          id,
          message,
          inviterAccount,
          inviteeAccount,
          timestamp,
          status,
          responseTopic,
        })
        sentShown.set(invite, shown)
      }
      sentInvites[invite.responseTopic] = shown
    }
    const threads: Record<string, ChatThread> = {}
    for (const [topic, entry] of ctx.threads) {
      if (dirty.has(topic)) entry.view = threadView(entry)
      threads[topic] = entry.view
    }
    dirty.clear()
    return { receivedInvites, sentInvites, threads, inviteKey: ctx.inviteKeys()?.publicKey }
  }
}
