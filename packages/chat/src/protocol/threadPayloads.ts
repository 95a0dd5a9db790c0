import type { Thread } from '@chatsync/core'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { sameAccount } from '../account/sameAccount.js'
import { ChatPayloadRejectedError, type ChatPayloadRejectReason } from '../errors/rejected.js'
import type { DeviceIdentity } from '../identity/createDeviceIdentity.js'
import type { IdentityResolver } from '../identity/createIdentityResolver.js'
import { fromDidPkh, toDidPkh } from '../identity/didKey.js'
import { type VerifyJwtResult, verifyJwt } from '../identity/verifyJwt.js'
import {
  CHAT_ACTS,
  CHAT_LIMITS,
  CHAT_RPC,
  characterCount,
  isObject,
  type RpcRequest,
  type RpcResponse,
} from './rpc.js'

/** A message as the thread topic carries it, verified. `auth` is its `messageAuth` (kept for copies). */
export type OpenedMessage = {
  id: number
  authorAccount: string
  message: string
  timestamp: number
  auth: string
}

export type ThreadPayload =
  | { kind: 'message'; message: OpenedMessage }
  | { kind: 'leave'; id: number; request: RpcRequest }
  /** A receipt: verified by `verifyReceipt` once its message is known. */
  | { kind: 'receipt'; id: number; auth: string }
  /** A copy of a message or leave (see `CHAT_RPC.copy`), with when the relay first received it. */
  | {
      kind: 'copy'
      receivedAt: number
      inner: Exclude<ThreadPayload, { kind: 'copy' | 'receipt' }>
      receipt?: string | undefined
    }

type Opened<T> = { ok: true; value: T } | { ok: false; error: ChatPayloadRejectedError }
type Kind = ChatPayloadRejectedError['kind']
const reject = (kind: Kind, reason: ChatPayloadRejectReason, details?: string) => ({
  ok: false as const,
  error: new ChatPayloadRejectedError({ kind, reason, details }),
})

/** The hash a receipt's `sub` names: SHA-256 of the message text, hex. */
export const messageHash = (text: string) => bytesToHex(sha256(new TextEncoder().encode(text)))

/** The other party of the thread than `account`. */
const otherOf = (thread: Thread, account: string) =>
  sameAccount(account, thread.selfAccount) ? thread.peerAccount : thread.selfAccount

/**
 * A `wc_chatMessage` from the thread's self account: `messageAuth` claims the text (`sub`), the recipient
 * (`aud`) and, beyond the spec, the thread topic (`tpc`), so that it cannot be shown in another thread.
 */
export function buildMessage({
  id,
  thread,
  message,
  identity,
  ttlSeconds,
}: {
  id: number
  thread: Thread
  message: string
  identity: DeviceIdentity
  ttlSeconds: number
}): RpcRequest {
  const messageAuth = identity.sign(
    { act: CHAT_ACTS.message, sub: message, aud: toDidPkh(thread.peerAccount), tpc: thread.topic },
    ttlSeconds,
  )
  return { id, jsonrpc: '2.0', method: CHAT_RPC.message.method, params: { messageAuth } }
}

/** The receipt of a message (its `wc_chatMessage` response): `receiptAuth` names the message's hash and author. */
export function buildReceipt({
  message,
  identity,
  ttlSeconds,
}: {
  message: OpenedMessage
  identity: DeviceIdentity
  ttlSeconds: number
}): RpcResponse {
  const receiptAuth = identity.sign(
    { act: CHAT_ACTS.receipt, sub: messageHash(message.message), aud: toDidPkh(message.authorAccount) },
    ttlSeconds,
  )
  return { id: message.id, jsonrpc: '2.0', result: { receiptAuth } }
}

export const buildLeave = (id: number): RpcRequest => ({
  id,
  jsonrpc: '2.0',
  method: CHAT_RPC.leave.method,
  params: {},
})

/** A copy of a message or leave, with its original id, for the keep-alive. */
export const buildCopy = (request: RpcRequest, receivedAt: number, receipt?: string): RpcRequest => ({
  id: request.id,
  jsonrpc: '2.0',
  method: CHAT_RPC.copy.method,
  params: receipt ? { request, receivedAt, receipt } : { request, receivedAt },
})

async function openMessage(
  request: RpcRequest,
  thread: Thread,
  at: number,
  identities: IdentityResolver,
  kind: Kind,
): Promise<Opened<OpenedMessage>> {
  const { messageAuth } = request.params
  const verified = await verifyJwt(messageAuth, { act: CHAT_ACTS.message, at })
  if (!verified.ok) return reject(kind, verified.reason)
  const { claims } = verified
  if (typeof claims.sub !== 'string') return reject(kind, 'invalid-jwt')
  if (characterCount(claims.sub) > CHAT_LIMITS.message) return reject(kind, 'too-long')
  if (claims.tpc !== undefined && claims.tpc !== thread.topic)
    return reject(kind, 'mismatch', 'written for another thread')
  const identity = await identities.accountOf(claims.iss)
  if (!identity.ok) return reject(kind, identity.reason)
  const author = identity.account
  const isParty = sameAccount(author, thread.selfAccount) || sameAccount(author, thread.peerAccount)
  const recipient = fromDidPkh(claims.aud)
  if (!isParty || !recipient || !sameAccount(recipient, otherOf(thread, author)))
    return reject(kind, 'wrong-account', 'the author or recipient is not of the thread')
  return {
    ok: true,
    value: {
      id: request.id,
      authorAccount: author,
      message: claims.sub,
      timestamp: claims.iat * 1000,
      auth: messageAuth as string,
    },
  }
}

/**
 * Opens what arrived on a thread topic, verified as of `publishedAt` (for a copy, as of when the relay
 * first received the original): a message, a leave, a receipt, or a copy.
 */
export async function openThreadPayload({
  rpc,
  thread,
  publishedAt,
  identities,
}: {
  rpc: RpcRequest | RpcResponse
  thread: Thread
  publishedAt: number
  identities: IdentityResolver
}): Promise<Opened<ThreadPayload>> {
  if (!('method' in rpc)) {
    const receiptAuth = 'result' in rpc && isObject(rpc.result) ? rpc.result.receiptAuth : undefined
    if (typeof receiptAuth !== 'string') return reject('receipt', 'malformed')
    return { ok: true, value: { kind: 'receipt', id: rpc.id, auth: receiptAuth } }
  }
  const open = async (
    request: RpcRequest,
    at: number,
    kind: Kind,
  ): Promise<Opened<Exclude<ThreadPayload, { kind: 'copy' | 'receipt' }>>> => {
    if (request.method === CHAT_RPC.leave.method)
      return { ok: true, value: { kind: 'leave', id: request.id, request } }
    if (request.method !== CHAT_RPC.message.method) return reject(kind, 'malformed', 'not a chat method')
    const message = await openMessage(request, thread, at, identities, kind)
    return message.ok ? { ok: true, value: { kind: 'message', message: message.value } } : message
  }
  if (rpc.method !== CHAT_RPC.copy.method) return open(rpc, publishedAt, 'message')
  const { request, receivedAt, receipt } = rpc.params
  const inner =
    isObject(request) && typeof request.method === 'string' && isObject(request.params)
      ? (request as RpcRequest)
      : undefined
  // The first copy cannot predate the original's claims, nor come after the copy itself.
  if (
    !inner ||
    inner.id !== rpc.id ||
    !Number.isSafeInteger(receivedAt) ||
    (receivedAt as number) > publishedAt + 300_000
  )
    return reject('copy', 'malformed')
  if (receipt !== undefined && typeof receipt !== 'string') return reject('copy', 'malformed')
  const opened = await open(inner, receivedAt as number, 'copy')
  return opened.ok
    ? { ok: true, value: { kind: 'copy', receivedAt: receivedAt as number, inner: opened.value, receipt } }
    : opened
}

/**
 * Verifies a receipt of `message`: signed by an identity key of its recipient (the thread's other
 * party), naming the message's author (`aud`) and hash (`sub`), valid at `at`.
 */
export async function verifyReceipt({
  auth,
  message,
  thread,
  at,
  identities,
  verified: known,
}: {
  auth: string
  message: { message: string; authorAccount: string }
  thread: Thread
  at: number
  identities: IdentityResolver
  /** Its signature checked already (`verifyJwt` of `auth` at `at`, for `chat_receipt`). */
  verified?: VerifyJwtResult | undefined
}): Promise<ChatPayloadRejectedError | undefined> {
  const verified = known ?? (await verifyJwt(auth, { act: CHAT_ACTS.receipt, at }))
  if (!verified.ok) return new ChatPayloadRejectedError({ kind: 'receipt', reason: verified.reason })
  const { claims } = verified
  const author = fromDidPkh(claims.aud)
  if (claims.sub !== messageHash(message.message) || !author || !sameAccount(author, message.authorAccount))
    return new ChatPayloadRejectedError({ kind: 'receipt', reason: 'mismatch' })
  const identity = await identities.accountOf(claims.iss)
  if (!identity.ok) return new ChatPayloadRejectedError({ kind: 'receipt', reason: identity.reason })
  if (!sameAccount(identity.account, otherOf(thread, message.authorAccount)))
    return new ChatPayloadRejectedError({ kind: 'receipt', reason: 'wrong-account' })
  return undefined
}
