import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'
import { deriveSymKey, keyTopic } from '@chatsync/core/internal'
import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { sameAccount } from '../account/sameAccount.js'
import { ChatPayloadRejectedError, type ChatPayloadRejectReason } from '../errors/rejected.js'
import type { DeviceIdentity } from '../identity/createDeviceIdentity.js'
import type { IdentityResolver } from '../identity/createIdentityResolver.js'
import { didKeyToHex, encodeDidKey, fromDidPkh, toDidPkh } from '../identity/didKey.js'
import { verifyJwt } from '../identity/verifyJwt.js'
import {
  CHAT_ACTS,
  CHAT_LIMITS,
  CHAT_RPC,
  characterCount,
  INVITE_REJECTED,
  isObject,
  type RpcRequest,
  type RpcResponse,
} from './rpc.js'

/*
 * The invite protocol (Chat Invite spec) with its claims (chat-authentication spec):
 *   X  the invitee's invite key pair (synced in `inviteKeys`); invite topic = sha256(X.public)
 *   Y  the inviter's key pair for this invite (synced in `sentInvites`)
 *   I  = DH(Y, X): seals the invite (type 1, carrying Y) and the answer (type 0); response topic = sha256(I)
 *   Z  the invitee's key pair made on accepting; T = DH(Z, Y) = DH(Y, Z): the thread's key, topic sha256(T)
 * Z is derived from I (below), not drawn at random: every device of the invitee that accepts the same
 * invite (two at once, or one again after a publish whose outcome it could not tell) makes the same
 * thread, so none is left that the inviter never answers on. Only the two parties know I.
 */

export const newKeyPair = () => {
  const { secretKey, publicKey } = x25519.keygen()
  return { privateKey: bytesToHex(secretKey), publicKey: bytesToHex(publicKey) }
}

/** The `Thread` a symKey opens. */
export const threadOf = (symKey: string, selfAccount: string, peerAccount: string): Thread => ({
  topic: keyTopic(symKey),
  selfAccount,
  peerAccount,
  symKey,
})

/** A received invite as this device keeps it: the spec's fields, and I to answer with. */
export type KeptInvite = {
  id: number
  message: string
  inviterAccount: string
  inviteeAccount: string
  inviterPublicKey: string
  inviteePublicKey: string
  timestamp: number
  responseTopic: string
  symKey: string
}

type Verified<T> = { ok: true; value: T } | { ok: false; error: ChatPayloadRejectedError }
const reject = (kind: 'invite' | 'answer', reason: ChatPayloadRejectReason, details?: string) => ({
  ok: false as const,
  error: new ChatPayloadRejectedError({ kind, reason, details }),
})

/** A new invite: the `SentInvite` to store first, then the `wc_chatInvite` to seal with I for the invite topic. */
export function createInvite({
  id,
  account,
  inviteeAccount,
  inviteePublicKey,
  message,
  identity,
  ttlSeconds,
  now,
}: {
  id: number
  account: string
  inviteeAccount: string
  inviteePublicKey: string
  message: string
  identity: DeviceIdentity
  ttlSeconds: number
  now: number
}): { sentInvite: SentInvite; request: RpcRequest; inviteTopic: string; senderPublicKey: string } {
  const y = newKeyPair()
  const symKey = deriveSymKey({ privateKey: y.privateKey, publicKey: inviteePublicKey })!
  const inviteAuth = identity.sign(
    {
      act: CHAT_ACTS.invite,
      sub: message,
      aud: toDidPkh(inviteeAccount),
      pke: encodeDidKey('x25519', y.publicKey),
    },
    ttlSeconds,
  )
  return {
    sentInvite: {
      id,
      message,
      inviterAccount: account,
      inviteeAccount,
      inviterPubKeyY: y.publicKey,
      inviterPrivKeyY: y.privateKey,
      status: 'pending',
      responseTopic: keyTopic(symKey),
      symKey,
      timestamp: now,
    },
    request: { id, jsonrpc: '2.0', method: CHAT_RPC.invite.method, params: { inviteAuth } },
    inviteTopic: keyTopic(inviteePublicKey),
    senderPublicKey: y.publicKey,
  }
}

/**
 * Verifies an invite that arrived on the account's invite topic: a `wc_chatInvite` whose `inviteAuth` is
 * signed by an identity key, valid when the relay received it, for this account (`aud`), naming as `pke`
 * the key the envelope was sealed with; the inviter is the account that identity key's CACAO authorises.
 */
export async function openInvite({
  request,
  senderPublicKey,
  inviteKeys,
  publishedAt,
  identities,
}: {
  request: RpcRequest
  senderPublicKey: string
  inviteKeys: InviteKeys
  publishedAt: number
  identities: IdentityResolver
}): Promise<Verified<KeptInvite & { auth: string }>> {
  const { inviteAuth } = request.params
  if (request.method !== CHAT_RPC.invite.method || typeof inviteAuth !== 'string')
    return reject('invite', 'malformed')
  const verified = await verifyJwt(inviteAuth, { act: CHAT_ACTS.invite, at: publishedAt })
  if (!verified.ok) return reject('invite', verified.reason)
  const { claims } = verified
  if (typeof claims.sub !== 'string') return reject('invite', 'invalid-jwt')
  if (characterCount(claims.sub) > CHAT_LIMITS.inviteMessage) return reject('invite', 'too-long')
  if (didKeyToHex(claims.pke, 'x25519') !== senderPublicKey)
    return reject('invite', 'mismatch', 'pke is not the sealing key')
  const invitee = fromDidPkh(claims.aud)
  if (!invitee || !sameAccount(invitee, inviteKeys.account))
    return reject('invite', 'wrong-account', 'for another account')
  const identity = await identities.accountOf(claims.iss)
  if (!identity.ok) return reject('invite', identity.reason)
  const symKey = deriveSymKey({ privateKey: inviteKeys.privateKey, publicKey: senderPublicKey })
  if (!symKey) return reject('invite', 'mismatch', 'no key agreement')
  return {
    ok: true,
    value: {
      id: request.id,
      message: claims.sub,
      inviterAccount: identity.account,
      inviteeAccount: inviteKeys.account,
      inviterPublicKey: senderPublicKey,
      inviteePublicKey: inviteKeys.publicKey,
      timestamp: publishedAt,
      responseTopic: keyTopic(symKey),
      symKey,
      auth: inviteAuth,
    },
  }
}

/** Z of an invite: an X25519 private key from I (HKDF-SHA256, its own info string). */
export const acceptKeyPair = (responseSymKey: string) => {
  const secretKey = hkdf(
    sha256,
    hexToBytes(responseSymKey),
    undefined,
    utf8ToBytes('chatsync chat accept Z'),
    32,
  )
  return { privateKey: bytesToHex(secretKey), publicKey: bytesToHex(x25519.getPublicKey(secretKey)) }
}

/** Accepting: the answer (Z's public key in `responseAuth`) and the thread T = DH(Z, Y). */
export function acceptInvite({
  invite,
  identity,
  ttlSeconds,
}: {
  invite: KeptInvite
  identity: DeviceIdentity
  ttlSeconds: number
}) {
  const z = acceptKeyPair(invite.symKey)
  const symKey = deriveSymKey({ privateKey: z.privateKey, publicKey: invite.inviterPublicKey })!
  const responseAuth = identity.sign(
    { act: CHAT_ACTS.answer, sub: encodeDidKey('x25519', z.publicKey), aud: toDidPkh(invite.inviterAccount) },
    ttlSeconds,
  )
  const response: RpcResponse = { id: invite.id, jsonrpc: '2.0', result: { responseAuth } }
  return { response, thread: threadOf(symKey, invite.inviteeAccount, invite.inviterAccount) }
}

/** Rejecting: the JSON-RPC error answer. */
export const rejectInvite = (invite: KeptInvite): RpcResponse => ({
  id: invite.id,
  jsonrpc: '2.0',
  error: INVITE_REJECTED,
})

/**
 * Verifies the answer to a sent invite, on any device of the inviter (the synced `SentInvite` holds Y):
 * an error answer is a rejection; a result's `responseAuth` must be signed by an identity key of the
 * invitee, for the inviter (`aud`), carrying Z; the thread is then T = DH(Y, Z). `undefined` for an answer
 * to another request.
 */
export async function openAnswer({
  response,
  sentInvite,
  publishedAt,
  identities,
}: {
  response: RpcResponse
  sentInvite: SentInvite
  publishedAt: number
  identities: IdentityResolver
}): Promise<Verified<{ status: 'rejected' } | { status: 'approved'; thread: Thread }> | undefined> {
  if (response.id !== sentInvite.id) return undefined
  if ('error' in response) return { ok: true, value: { status: 'rejected' } }
  const responseAuth = isObject(response.result) ? response.result.responseAuth : undefined
  const verified = await verifyJwt(responseAuth, { act: CHAT_ACTS.answer, at: publishedAt })
  if (!verified.ok) return reject('answer', verified.reason)
  const { claims } = verified
  const inviter = fromDidPkh(claims.aud)
  if (!inviter || !sameAccount(inviter, sentInvite.inviterAccount))
    return reject('answer', 'wrong-account', 'for another account')
  const z = didKeyToHex(claims.sub, 'x25519')
  if (!z) return reject('answer', 'invalid-jwt')
  const identity = await identities.accountOf(claims.iss)
  if (!identity.ok) return reject('answer', identity.reason)
  if (!sameAccount(identity.account, sentInvite.inviteeAccount))
    return reject('answer', 'wrong-account', 'not the invitee')
  const symKey = deriveSymKey({ privateKey: sentInvite.inviterPrivKeyY, publicKey: z })
  if (!symKey) return reject('answer', 'mismatch', 'no key agreement')
  return {
    ok: true,
    value: {
      status: 'approved',
      thread: threadOf(symKey, sentInvite.inviterAccount, sentInvite.inviteeAccount),
    },
  }
}
