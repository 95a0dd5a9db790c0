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
 * change are the same as before, and so is a list none of whose objects changed.
 */
export function createProjection(
  ctx: AccountContext,
  dirty: Set<string>,
): (shown: ChatState) => Partial<ChatState> {
  const invitesShown = new Map<string, ReceivedInvite>()
  const sentShown = new WeakMap<SentInvite, SentChatInvite>()
  const stores = () => ctx.session.state.getState().stores
  return (shown) => {
    const statuses = stores().receivedInviteStatuses.byKey
    const receivedInvites: Record<string, ReceivedInvite> = {}
    for (const [id, { symKey: _, responseTopic: __, ...invite }] of ctx.invites) {
      const status = inviteStatus(statuses[id]?.status)
      const isAnswering = ctx.answering.has(id)
      let shown = invitesShown.get(id)
      if (shown?.status !== status || shown.isAnswering !== isAnswering) {
        shown = Object.freeze({ ...invite, status, isAnswering })
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
    return {
      receivedInvites: sameRecord(shown.receivedInvites, receivedInvites),
      sentInvites: sameRecord(shown.sentInvites, sentInvites),
      threads: sameRecord(shown.threads, threads),
      inviteKey: ctx.inviteKeys()?.publicKey,
    }
  }
}

/** `previous` when `next` holds the same objects under the same keys (so a selection of it stays the same). */
function sameRecord<T>(
  previous: Readonly<Record<string, T>>,
  next: Record<string, T>,
): Readonly<Record<string, T>> {
  const keys = Object.keys(next)
  if (keys.length !== Object.keys(previous).length) return next
  for (const key of keys) if (previous[key] !== next[key]) return next
  return previous
}
