import type { Thread } from '@chatsync/core'
import { createPayloadId, sealEnvelope, sealTypeOneEnvelope } from '@chatsync/core/internal'
import { hexToBytes } from '@noble/hashes/utils.js'
import { sameAccount } from '../account/sameAccount.js'
import { toAccountId } from '../account/toAccountId.js'
import {
  ChatNotFoundError,
  ChatNotReadyError,
  EmptyMessageError,
  InvalidInviteeError,
  InviteeNotFoundError,
  KeysServerError,
  MessageTooLongError,
} from '../errors/chat.js'
import { didKeyToHex } from '../identity/didKey.js'
import { decodeJwt } from '../identity/jwt.js'
import { acceptInvite, createInvite, type KeptInvite, rejectInvite } from '../protocol/invite.js'
import { CHAT_LIMITS, CHAT_RPC, characterCount } from '../protocol/rpc.js'
import { buildLeave, buildMessage } from '../protocol/threadPayloads.js'
import type { AccountContext } from './accountContext.js'
import type { ChatMessage, SentChatInvite } from './chatState.js'
import { insertMessage, saveEntry, updateMessage } from './threadEntry.js'
import { writeStore } from './writeStore.js'

const identityOf = (ctx: AccountContext, action: string) => {
  if (!ctx.identity) throw new ChatNotReadyError({ action, reason: 'this device has no identity key yet' })
  return ctx.identity
}

/**
 * Sends an invite (Chat Invite spec): the invitee's invite key from the directory, the `SentInvite`
 * written to the store first (so any device of the account can take the answer), then the invite sealed
 * to that key on its invite topic. A failed publish takes the `SentInvite` back.
 */
export async function sendInviteIn(
  ctx: AccountContext,
  { inviteeAccount, message }: { inviteeAccount: string; message: string },
): Promise<SentChatInvite> {
  const invitee = toAccountId(inviteeAccount)
  if (sameAccount(invitee, ctx.account)) throw new InvalidInviteeError({ reason: 'self' })
  const length = characterCount(message)
  if (length > CHAT_LIMITS.inviteMessage)
    throw new MessageTooLongError({ what: 'invite message', limit: CHAT_LIMITS.inviteMessage, length })
  const identity = identityOf(ctx, 'send an invite')
  const inviteKey = await ctx.keysServer.resolveInviteKey(invitee)
  if (inviteKey === undefined) throw new InviteeNotFoundError({ account: invitee })
  const inviteePublicKey = didKeyToHex(inviteKey, 'x25519')
  if (!inviteePublicKey)
    throw new KeysServerError({ action: 'resolve the invite key', reason: 'not an X25519 did:key' })
  const invite = createInvite({
    id: createPayloadId(),
    account: ctx.account,
    inviteeAccount: invitee,
    inviteePublicKey,
    message,
    identity,
    ttlSeconds: ctx.jwtTtlSeconds,
    now: ctx.now(),
  })
  const { sentInvite } = invite
  await writeStore(ctx.session, { store: 'sentInvites', value: sentInvite })
  const envelope = sealTypeOneEnvelope(
    hexToBytes(sentInvite.symKey),
    hexToBytes(invite.senderPublicKey),
    JSON.stringify(invite.request),
  )
  try {
    await ctx.publish(invite.inviteTopic, envelope, CHAT_RPC.invite.tag)
  } catch (error) {
    await writeStore(ctx.session, { store: 'sentInvites', key: sentInvite.responseTopic }).catch(() => {})
    throw error
  }
  const { inviterPrivKeyY: _, symKey: __, inviterPubKeyY: ___, ...shown } = sentInvite
  return shown
}

/**
 * Answers a received invite. Accepting: the thread (T = DH(Z, Y)) and the invite's status are written
 * first, then the answer carrying Z goes to the response topic; a failed publish takes both back.
 * Rejecting: the error answer, then the status. Any device of the account then shows it answered.
 */
export async function answerInviteIn(
  ctx: AccountContext,
  { id, accept }: { id: number; accept: boolean },
): Promise<Thread | undefined> {
  const invite = ctx.invites.get(String(id))
  if (!invite) throw new ChatNotFoundError({ what: 'invite' })
  const status = ctx.session.state.getState().stores.receivedInviteStatuses.byKey[String(id)]?.status
  if (status && status !== 'pending')
    throw new ChatNotFoundError({ what: 'invite', reason: `already ${status}` })
  if (ctx.answering.has(String(id))) throw new ChatNotFoundError({ what: 'invite', reason: 'being answered' })
  ctx.answering.add(String(id))
  ctx.changed()
  try {
    return await answer(ctx, invite, accept)
  } finally {
    ctx.answering.delete(String(id))
    ctx.changed()
  }
}

async function answer(ctx: AccountContext, invite: KeptInvite, accept: boolean) {
  const { id } = invite
  const key = hexToBytes(invite.symKey)
  if (!accept) {
    await ctx.publish(
      invite.responseTopic,
      sealEnvelope(key, JSON.stringify(rejectInvite(invite))),
      CHAT_RPC.invite.responseTag,
    )
    await writeStore(ctx.session, { store: 'receivedInviteStatuses', value: { id, status: 'rejected' } })
    return undefined
  }
  const { response, thread } = acceptInvite({
    invite,
    identity: identityOf(ctx, 'accept an invite'),
    ttlSeconds: ctx.jwtTtlSeconds,
  })
  await Promise.all([
    writeStore(ctx.session, { store: 'threads', value: thread }),
    writeStore(ctx.session, { store: 'receivedInviteStatuses', value: { id, status: 'approved' } }),
  ])
  try {
    await ctx.publish(
      invite.responseTopic,
      sealEnvelope(key, JSON.stringify(response)),
      CHAT_RPC.invite.responseTag,
    )
  } catch (error) {
    await writeStore(ctx.session, { store: 'threads', key: thread.topic }).catch(() => {})
    await writeStore(ctx.session, { store: 'receivedInviteStatuses', key: String(id) }).catch(() => {})
    throw error
  }
  return thread
}

/**
 * Sends a message on a thread: shown at once as `pending`, `published` once the relay took it,
 * `delivered` once the peer's receipt arrives; `failed` (and the error thrown) when the relay refused.
 * @throws {EmptyMessageError} {@link MessageTooLongError}: nothing is sent, nothing cut.
 */
export async function sendMessageIn(
  ctx: AccountContext,
  { topic, message }: { topic: string; message: string },
): Promise<ChatMessage> {
  const entry = ctx.threads.get(topic)
  if (!entry) throw new ChatNotFoundError({ what: 'thread' })
  if (message.trim().length === 0) throw new EmptyMessageError()
  const length = characterCount(message)
  if (length > CHAT_LIMITS.message)
    throw new MessageTooLongError({ what: 'message', limit: CHAT_LIMITS.message, length })
  const request = buildMessage({
    id: createPayloadId(),
    thread: entry.thread,
    message,
    identity: identityOf(ctx, 'send a message'),
    ttlSeconds: ctx.jwtTtlSeconds,
  })
  const auth = request.params.messageAuth as string
  const kept = insertMessage(entry, {
    id: request.id,
    authorAccount: entry.thread.selfAccount,
    message,
    timestamp: (decodeJwt(auth)?.claims.iat ?? 0) * 1000,
    status: 'pending',
    receivedAt: 0,
    copyAt: 0,
    auth,
  })
  ctx.changed(topic)
  try {
    await ctx.publish(
      topic,
      sealEnvelope(hexToBytes(entry.thread.symKey), JSON.stringify(request)),
      CHAT_RPC.message.tag,
    )
    const now = ctx.now()
    updateMessage(entry, kept, {
      status: kept.status === 'pending' ? 'published' : kept.status,
      receivedAt: now,
      copyAt: now,
    })
  } catch (error) {
    updateMessage(entry, kept, { status: 'failed' })
    throw error
  } finally {
    saveEntry(ctx.device, entry)
    ctx.changed(topic)
  }
  const { id, authorAccount, timestamp, status } = kept
  return { id, topic, message, authorAccount, timestamp, status }
}

/**
 * Leaves a thread: removed from the threads store (every device of the account stops showing it), and
 * the peer told with `wc_chatLeave` (best effort: leaving works offline too; a failure is reported).
 */
export async function leaveThreadIn(ctx: AccountContext, { topic }: { topic: string }): Promise<void> {
  const thread = ctx.storedThread(topic)
  if (!thread) throw new ChatNotFoundError({ what: 'thread' })
  await writeStore(ctx.session, { store: 'threads', key: topic })
  const envelope = sealEnvelope(hexToBytes(thread.symKey), JSON.stringify(buildLeave(createPayloadId())))
  await ctx.publish(topic, envelope, CHAT_RPC.leave.tag).catch((error) => ctx.report(error))
}
