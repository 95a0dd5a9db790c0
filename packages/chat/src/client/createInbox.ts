import { BaseError, type Thread, type TopicMessage } from '@chatsync/core'
import { keyTopic } from '@chatsync/core/internal'
import { sameAccount } from '../account/sameAccount.js'
import { ChatError } from '../errors/ChatError.js'
import { KeysServerError } from '../errors/chat.js'
import { ChatPayloadRejectedError } from '../errors/rejected.js'
import { decodeJwt } from '../identity/jwt.js'
import { type VerifyJwtResult, verifyJwt } from '../identity/verifyJwt.js'
import { openAnswer, openInvite } from '../protocol/invite.js'
import { CHAT_ACTS, parseRpc } from '../protocol/rpc.js'
import {
  type OpenedMessage,
  openThreadPayload,
  type ThreadPayload,
  verifyReceipt,
} from '../protocol/threadPayloads.js'
import type { AccountContext } from './accountContext.js'
import { insertMessage, saveEntry, type ThreadEntry, updateMessage } from './threadEntry.js'

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

type Kind = ChatPayloadRejectedError['kind']
/** What a message comes to once checked: applied in arrival order, after the whole batch was checked at once. */
type Apply = (fresh: Map<ThreadEntry, OpenedMessage[]>) => Promise<void> | void

/**
 * Where the watched topics' messages go: the account's invite topic (invites, verified and kept), the
 * response topics of its pending sent invites (answers), and its threads' topics (messages, receipts,
 * leaves and copies). Whatever fails a check is dropped with a `ChatPayloadRejectedError` event before
 * anything is shown or kept; a payload seen before is a replay. A batch (a page of history) is checked
 * all at once (the signatures verify in parallel), then applied in order.
 */
export function createInbox({ context: ctx, onAnswer, onUnacknowledged }: CreateInboxParameters): Inbox {
  let queue: Promise<void> = Promise.resolve()
  const answering = new Set<string>()
  const reject = (kind: Kind, reason: ChatPayloadRejectedError['reason'], details?: string) =>
    ctx.report(new ChatPayloadRejectedError({ kind, reason, details }))

  async function applyReceipt(
    entry: ThreadEntry,
    id: number,
    auth: string,
    at: number,
    verified?: VerifyJwtResult,
  ) {
    const message = entry.byId.get(id)
    if (!message) return void entry.pendingReceipts.set(id, { auth, at })
    if (message.receipt) return
    let failed: ChatPayloadRejectedError | undefined
    try {
      failed = await verifyReceipt({
        auth,
        message,
        thread: entry.thread,
        at,
        identities: ctx.identities,
        verified,
      })
    } catch (error) {
      // The signer's identity was looked up while the batch was checked; asked again (it was unknown then,
      // or forgotten since) with the directory unreachable, the receipt waits for a later copy of it.
      if (!(error instanceof KeysServerError)) throw error
      return ctx.report(error)
    }
    if (failed) return ctx.report(failed)
    updateMessage(entry, message, { receipt: auth, status: 'delivered' })
  }

  /** A message, leave or copy of one; `at`: when this relay copy was published. */
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
      if (!isCopy || known.auth !== message.auth) return reject(isCopy ? 'copy' : 'message', 'replayed')
      updateMessage(entry, known, { copyAt: Math.max(known.copyAt, at) })
    } else {
      if (entry.auths.has(message.auth)) return reject(isCopy ? 'copy' : 'message', 'replayed')
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

  /** Checks one message (the part that can run beside the others) and returns how to apply it. */
  async function check(m: TopicMessage): Promise<Apply> {
    const at = m.publishedAt ?? ctx.now()
    const rpc = parseRpc(m.text)
    const inviteKeys = ctx.inviteKeys()
    const entry = ctx.threads.get(m.topic)
    const kind = entry
      ? 'message'
      : inviteKeys && keyTopic(inviteKeys.publicKey) === m.topic
        ? 'invite'
        : 'answer'
    if (!rpc) return () => reject(kind, 'malformed')
    if (kind === 'invite') {
      if (!inviteKeys || !('method' in rpc) || !m.senderPublicKey) return () => reject('invite', 'malformed')
      const opened = await openInvite({
        request: rpc,
        senderPublicKey: m.senderPublicKey,
        inviteKeys,
        publishedAt: at,
        identities: ctx.identities,
      })
      return () => {
        if (!opened.ok) return ctx.report(opened.error)
        const { auth, ...invite } = opened.value
        if (ctx.inviteAuths.has(auth) || ctx.invites.has(String(invite.id)))
          return reject('invite', 'replayed')
        ctx.inviteAuths.add(auth)
        ctx.invites.set(String(invite.id), invite)
        ctx.device.saveInvites(ctx.invites)
        ctx.changed()
      }
    }
    if (kind === 'answer' || !entry) {
      const sentInvite = ctx.pendingSentInvite(m.topic)
      if (!sentInvite || answering.has(m.topic)) return () => {}
      if ('method' in rpc) return () => reject('answer', 'malformed')
      const opened = await openAnswer({
        response: rpc,
        sentInvite,
        publishedAt: at,
        identities: ctx.identities,
      })
      return () => {
        if (!opened) return reject('answer', 'mismatch', 'for another invite')
        if (!opened.ok) return ctx.report(opened.error)
        if (answering.has(m.topic)) return
        answering.add(m.topic)
        // Once stored, the invite is no longer pending; a failed write lets the next copy of the answer try again.
        onAnswer(m.topic, opened.value)
          .catch((cause: unknown) =>
            ctx.report(
              cause instanceof BaseError ? cause : new ChatError('Could not store an answer.', { cause }),
            ),
          )
          .finally(() => answering.delete(m.topic))
      }
    }
    const opened = await openThreadPayload({
      rpc,
      thread: entry.thread,
      publishedAt: at,
      identities: ctx.identities,
    })
    const receipt = opened.ok && opened.value.kind === 'receipt' ? opened.value : undefined
    const verified = receipt ? await verifyJwt(receipt.auth, { act: CHAT_ACTS.receipt, at }) : undefined
    // A receipt's signer is looked up now, where an unreachable directory defers the message, rather than
    // while the batch is applied in order.
    const signed = verified?.ok
      ? verified.claims.iss
      : opened.ok && opened.value.kind === 'copy' && opened.value.receipt
        ? decodeJwt(opened.value.receipt)?.claims.iss
        : undefined
    if (typeof signed === 'string') await ctx.identities.accountOf(signed)
    return async (fresh) => {
      if (!opened.ok) return ctx.report(opened.error)
      if (receipt) await applyReceipt(entry, receipt.id, receipt.auth, at, verified)
      else {
        const list = fresh.get(entry) ?? []
        await applyPayload(entry, opened.value as Exclude<ThreadPayload, { kind: 'receipt' }>, at, list)
        if (list.length > 0) fresh.set(entry, list)
      }
      saveEntry(ctx.device, entry)
      ctx.changed(m.topic)
    }
  }

  /** Messages whose identity could not be looked up (the key directory unreachable): tried again later. */
  let deferred: TopicMessage[] = []
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let retryDelay = 1000
  const retryDeferred = () => {
    if (retryTimer || ctx.stopped) return
    retryTimer = setTimeout(() => {
      retryTimer = undefined
      if (ctx.stopped) return
      const batch = deferred
      deferred = []
      inbox.receive(batch)
    }, retryDelay)
    retryDelay = Math.min(retryDelay * 2, 30_000)
    ;(retryTimer as { unref?: () => void }).unref?.()
  }

  async function handleBatch(messages: readonly TopicMessage[]) {
    let unreachable: KeysServerError | undefined
    const checked = await Promise.all(
      messages.map((m) =>
        check(m).catch((error: unknown): Apply => {
          if (!(error instanceof KeysServerError)) return () => reject('message', 'malformed')
          unreachable ??= error
          deferred.push(m)
          return () => {}
        }),
      ),
    )
    const fresh = new Map<ThreadEntry, OpenedMessage[]>()
    await ctx.hold(async () => {
      for (const apply of checked) {
        if (ctx.stopped) return
        await apply(fresh)
      }
    })
    if (unreachable) {
      ctx.report(unreachable)
      retryDeferred()
    } else if (deferred.length === 0) retryDelay = 1000
    for (const [entry, list] of fresh) {
      const unacknowledged = list.filter((message) => !entry.byId.get(message.id)?.receipt)
      if (unacknowledged.length > 0) onUnacknowledged(entry, unacknowledged)
    }
  }

  const inbox: Inbox = {
    receive(messages) {
      // A batch that fails must not stop the ones after it.
      queue = queue
        .then(() => handleBatch(messages))
        .catch((cause: unknown) =>
          ctx.report(
            cause instanceof BaseError ? cause : new ChatError('Could not handle chat messages.', { cause }),
          ),
        )
    },
    idle: () => queue,
  }
  return inbox
}
