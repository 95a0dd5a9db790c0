import type { Thread, TopicMessage } from '@chatsync/core'
import { keyTopic } from '@chatsync/core/internal'
import { sameAccount } from '../account/sameAccount.js'
import { KeysServerError } from '../errors/chat.js'
import { ChatPayloadRejectedError } from '../errors/rejected.js'
import { decodeJwt } from '../identity/jwt.js'
import { openAnswer, openInvite } from '../protocol/invite.js'
import { parseRpc, type RpcRequest, type RpcResponse } from '../protocol/rpc.js'
import {
  type OpenedMessage,
  openThreadPayload,
  type ThreadPayload,
  verifyReceipt,
} from '../protocol/threadPayloads.js'
import type { AccountContext } from './accountContext.js'
import { insertMessage, type ThreadEntry } from './threadEntry.js'

export type Inbox = {
  /** Takes a batch from the topic watcher; batches are handled one after the other. */
  receive(messages: readonly TopicMessage[]): void
  /** Settles once everything received so far is handled. */
  idle(): Promise<void>
}

export type CreateInboxParameters = {
  context: AccountContext
  /** A verified answer to a sent invite: store it (any device of the inviter may be the one). */
  onAnswer(
    responseTopic: string,
    outcome: { status: 'rejected' } | { status: 'approved'; thread: Thread },
  ): Promise<void>
  /** The peer's messages of a batch that this account has not acknowledged yet. */
  onUnacknowledged(entry: ThreadEntry, messages: OpenedMessage[]): void
}

/**
 * Where the watched topics' messages go: the account's invite topic (invites, verified and kept), the
 * response topics of its pending sent invites (answers), and its threads' topics (messages, receipts,
 * leaves and copies). Whatever fails a check is dropped with a `ChatPayloadRejectedError` event before
 * anything is shown or kept; a payload seen before is a replay.
 */
export function createInbox({ context: ctx, onAnswer, onUnacknowledged }: CreateInboxParameters): Inbox {
  let queue: Promise<void> = Promise.resolve()
  const answering = new Set<string>()
  const replayed = (kind: ChatPayloadRejectedError['kind']) =>
    ctx.report(new ChatPayloadRejectedError({ kind, reason: 'replayed' }))

  async function handleInvite(rpc: RpcRequest | RpcResponse, m: TopicMessage, at: number) {
    const inviteKeys = ctx.inviteKeys()
    if (!inviteKeys || !('method' in rpc) || !m.senderPublicKey) {
      ctx.report(new ChatPayloadRejectedError({ kind: 'invite', reason: 'malformed' }))
      return
    }
    if (ctx.invites.has(String(rpc.id))) return replayed('invite')
    const opened = await openInvite({
      request: rpc,
      senderPublicKey: m.senderPublicKey,
      inviteKeys,
      publishedAt: at,
      identities: ctx.identities,
    })
    if (!opened.ok) return ctx.report(opened.error)
    const { auth, ...invite } = opened.value
    if (ctx.inviteAuths.has(auth) || ctx.invites.has(String(invite.id))) return replayed('invite')
    ctx.inviteAuths.add(auth)
    ctx.invites.set(String(invite.id), invite)
    ctx.device.saveInvites(ctx.invites)
    ctx.changed()
  }

  async function handleAnswer(rpc: RpcRequest | RpcResponse, m: TopicMessage, at: number) {
    const sentInvite = ctx.pendingSentInvite(m.topic)
    if (!sentInvite || answering.has(m.topic)) return
    if ('method' in rpc)
      return ctx.report(new ChatPayloadRejectedError({ kind: 'answer', reason: 'malformed' }))
    const opened = await openAnswer({
      response: rpc,
      sentInvite,
      publishedAt: at,
      identities: ctx.identities,
    })
    if (!opened)
      return ctx.report(
        new ChatPayloadRejectedError({ kind: 'answer', reason: 'mismatch', details: 'for another invite' }),
      )
    if (!opened.ok) return ctx.report(opened.error)
    answering.add(m.topic)
    // Once stored, the invite is no longer pending; a failed write lets the next copy of the answer try again.
    onAnswer(m.topic, opened.value)
      .catch((error: unknown) => ctx.report(error as KeysServerError))
      .finally(() => answering.delete(m.topic))
  }

  async function applyReceipt(entry: ThreadEntry, id: number, auth: string, at: number) {
    const message = entry.byId.get(id)
    if (!message) {
      entry.pendingReceipts.set(id, { auth, at })
      return
    }
    if (message.receipt) return
    const failed = await verifyReceipt({
      auth,
      message,
      thread: entry.thread,
      at,
      identities: ctx.identities,
    })
    if (failed) return ctx.report(failed)
    message.receipt = auth
    message.status = 'delivered'
  }

  /** A message, leave or copy of one; `copyAt`: when this relay copy was published. */
  async function applyPayload(
    entry: ThreadEntry,
    payload: Exclude<ThreadPayload, { kind: 'receipt' }>,
    at: number,
    fresh: OpenedMessage[],
  ) {
    const isCopy = payload.kind === 'copy'
    const inner = payload.kind === 'copy' ? payload.inner : payload
    const receivedAt = payload.kind === 'copy' ? payload.receivedAt : at
    if (inner.kind === 'leave') {
      const leave = entry.kept.leave
      if (leave) leave.copyAt = Math.max(leave.copyAt, at)
      else entry.kept.leave = { id: inner.id, receivedAt, copyAt: at }
      return
    }
    const { message } = inner
    const known = entry.byId.get(message.id)
    if (known) {
      if (!isCopy || known.auth !== message.auth) return replayed(isCopy ? 'copy' : 'message')
      known.copyAt = Math.max(known.copyAt, at)
    } else {
      if (entry.auths.has(message.auth)) return replayed(isCopy ? 'copy' : 'message')
      const isOwn = sameAccount(message.authorAccount, entry.thread.selfAccount)
      // Shown with the account as the thread writes it.
      const authorAccount = isOwn ? entry.thread.selfAccount : entry.thread.peerAccount
      insertMessage(entry, {
        ...message,
        authorAccount,
        status: isOwn ? 'published' : 'delivered',
        receivedAt,
        copyAt: at,
      })
      const early = entry.pendingReceipts.get(message.id)
      entry.pendingReceipts.delete(message.id)
      if (early) await applyReceipt(entry, message.id, early.auth, early.at)
      if (!isOwn && !isCopy && at > ctx.now() - ctx.jwtTtlSeconds * 1000) fresh.push(message)
    }
    if (payload.kind === 'copy' && payload.receipt) {
      const issued = decodeJwt(payload.receipt)?.claims.iat
      await applyReceipt(entry, message.id, payload.receipt, (issued ?? 0) * 1000)
    }
  }

  async function handleOne(m: TopicMessage, fresh: Map<ThreadEntry, OpenedMessage[]>) {
    const at = m.publishedAt ?? ctx.now()
    const rpc = parseRpc(m.text)
    const inviteKeys = ctx.inviteKeys()
    const entry = ctx.threads.get(m.topic)
    const kind = entry
      ? 'message'
      : inviteKeys && keyTopic(inviteKeys.publicKey) === m.topic
        ? 'invite'
        : 'answer'
    if (!rpc) return ctx.report(new ChatPayloadRejectedError({ kind, reason: 'malformed' }))
    if (kind === 'invite') return handleInvite(rpc, m, at)
    if (kind === 'answer' || !entry) return handleAnswer(rpc, m, at)
    const opened = await openThreadPayload({
      rpc,
      thread: entry.thread,
      publishedAt: at,
      identities: ctx.identities,
    })
    if (!opened.ok) return ctx.report(opened.error)
    if (opened.value.kind === 'receipt') await applyReceipt(entry, opened.value.id, opened.value.auth, at)
    else {
      const list = fresh.get(entry) ?? []
      await applyPayload(entry, opened.value, at, list)
      if (list.length > 0) fresh.set(entry, list)
    }
    ctx.device.saveThread(m.topic, entry.kept)
    ctx.changed(m.topic)
  }

  /** Messages whose identity could not be looked up (the key directory unreachable): tried again later. */
  let deferred: TopicMessage[] = []
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let retryDelay = 1000
  const retryDeferred = () => {
    if (retryTimer || ctx.stopped) return
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      const batch = deferred
      deferred = []
      inbox.receive(batch)
    }, retryDelay)
    retryDelay = Math.min(retryDelay * 2, 30_000)
    ;(retryTimer as { unref?: () => void }).unref?.()
  }

  async function handleBatch(messages: readonly TopicMessage[]) {
    const fresh = new Map<ThreadEntry, OpenedMessage[]>()
    let isDeferred = false
    for (const m of messages) {
      if (ctx.stopped) return
      try {
        await handleOne(m, fresh)
      } catch (error) {
        if (!(error instanceof KeysServerError)) {
          ctx.report(new ChatPayloadRejectedError({ kind: 'message', reason: 'malformed', cause: error }))
          continue
        }
        if (!isDeferred) ctx.report(error)
        isDeferred = true
        deferred.push(m)
      }
    }
    if (isDeferred) retryDeferred()
    else if (deferred.length === 0) retryDelay = 1000
    for (const [entry, list] of fresh) {
      const unacknowledged = list.filter((message) => !entry.byId.get(message.id)?.receipt)
      if (unacknowledged.length > 0) onUnacknowledged(entry, unacknowledged)
    }
  }

  const inbox: Inbox = {
    receive(messages) {
      queue = queue.then(() => handleBatch(messages))
    },
    idle: () => queue,
  }
  return inbox
}
