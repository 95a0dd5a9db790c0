import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'
import { ChatProtocolError } from './ChatProtocolError'
import { openTypeOne, openTypeZero, readTypeOneSender, sealTypeOne, sealTypeZero } from './envelopes'
import { isSameAccount } from './isSameAccount'
import { deriveSymKey, generateKeyPair, keyBytes, topicOf } from './keys'
import {
  buildRequest,
  CHAT_LIMITS,
  CHAT_RPC,
  INVITE_REJECTED,
  isObject,
  parseRequest,
  parseResponse,
  readText,
} from './rpc'

/*
 * The Chat invite protocol (WalletConnect Chat spec, "Chat Invite" and "Invite Protocol in multiclient
 * environment"), without identity-key authentication:
 *
 *   X       the invitee's invite key pair; its public key is what the key directory resolves
 *   Y       a key pair the inviter makes per invite
 *   I       = DH(Y, X): the invite is sealed with it (type 1, carrying Y); response topic = sha256(I)
 *   Z       a key pair the invitee makes on accepting; its public key is the response
 *   T       = DH(Z, Y): the thread's symKey; thread topic = sha256(T)
 *
 * The spec's payloads carry did-jwt claims signed by an identity key (`inviteAuth`, `responseAuth`).
 * Here the same facts travel as plain fields, so they are claims nobody vouches for: the envelope's
 * encryption keeps them private, but an invite's `inviterAccount` is only what the sender wrote.
 */

/** The invite's JSON-RPC params: what the spec's `inviteAuth` claims hold (sub, aud, pke, the inviter). */
export type InviteParams = {
  message: string
  inviterAccount: string
  inviteeAccount: string
  /** Y, also carried by the type-1 envelope; both must agree. */
  inviterPublicKey: string
}

/** An invite as the invitee's devices hold it. Kept on the device only (Sync has no store for it). */
export type ReceivedInvite = {
  /** The JSON-RPC id of the `wc_chatInvite` request: the key of `receivedInviteStatuses`. */
  id: number
  message: string
  inviterAccount: string
  inviteeAccount: string
  inviterPublicKey: string
  inviteePublicKey: string
  responseTopic: string
  /** I: seals the response. */
  symKey: string
  /** When the relay received it (ms), or when this device opened it. */
  timestamp: number
}

export type InviteOutcome = { status: 'approved'; thread: Thread } | { status: 'rejected' }

/** The topic invites to `inviteePublicKey` (X) are published on: sha256(X). */
export function inviteTopicOf(inviteePublicKey: string): string {
  return topicOf(inviteePublicKey)
}

export type CreateInviteParameters = {
  inviterAccount: string
  inviteeAccount: string
  /** X, as resolved from the key directory (hex). */
  inviteePublicKey: string
  message: string
  /** For tests: the JSON-RPC id and the clock. */
  id?: number
  now?: number
}

/**
 * A new invite: the `SentInvite` every device of the inviter stores (key = responseTopic, status
 * pending), the topic to publish on, and the sealed `wc_chatInvite` request.
 */
export function createInvite({
  inviterAccount,
  inviteeAccount,
  inviteePublicKey,
  message,
  id,
  now = Date.now(),
}: CreateInviteParameters): { sentInvite: SentInvite; inviteTopic: string; envelope: string } {
  if (message.length > CHAT_LIMITS.inviteMessage)
    throw new ChatProtocolError('too-long', { details: `Invite messages take ${CHAT_LIMITS.inviteMessage}.` })
  const y = generateKeyPair()
  const symKey = deriveSymKey(y.privateKey, inviteePublicKey)
  const request = buildRequest<InviteParams>(
    CHAT_RPC.invite.method,
    { message, inviterAccount, inviteeAccount, inviterPublicKey: y.publicKey },
    id,
  )
  return {
    sentInvite: {
      id: request.id,
      message,
      inviterAccount,
      inviteeAccount,
      inviterPubKeyY: y.publicKey,
      inviterPrivKeyY: y.privateKey,
      status: 'pending',
      responseTopic: topicOf(symKey),
      symKey,
      timestamp: now,
    },
    inviteTopic: inviteTopicOf(inviteePublicKey),
    envelope: sealTypeOne(symKey, y.publicKey, JSON.stringify(request)),
  }
}

export type OpenInviteParameters = {
  /** The invitee's synced invite keys (X). */
  inviteKeys: InviteKeys
  envelope: string
  /** When the relay received it (ms). */
  publishedAt?: number
}

/** Opens an invite that arrived on the invite topic of `inviteKeys`. */
export function openInvite({
  inviteKeys,
  envelope,
  publishedAt = Date.now(),
}: OpenInviteParameters): ReceivedInvite {
  const inviterPublicKey = readTypeOneSender(envelope)
  const symKey = deriveSymKey(inviteKeys.privateKey, inviterPublicKey)
  const request = parseRequest(openTypeOne(symKey, envelope), CHAT_RPC.invite.method, (params) => ({
    message: readText(params, 'message', CHAT_LIMITS.inviteMessage),
    inviterAccount: readText(params, 'inviterAccount'),
    inviteeAccount: readText(params, 'inviteeAccount'),
    inviterPublicKey: readText(params, 'inviterPublicKey', 64),
  }))
  const { params } = request
  if (params.inviterPublicKey.toLowerCase() !== inviterPublicKey) throw new ChatProtocolError('key-mismatch')
  if (!isSameAccount(params.inviteeAccount, inviteKeys.account)) throw new ChatProtocolError('wrong-account')
  return {
    id: request.id,
    message: params.message,
    inviterAccount: params.inviterAccount,
    inviteeAccount: inviteKeys.account,
    inviterPublicKey,
    inviteePublicKey: inviteKeys.publicKey,
    responseTopic: topicOf(symKey),
    symKey,
    timestamp: publishedAt,
  }
}

/**
 * Accepts an invite: the response (Z's public key, sealed with I, type 0) for the response topic, and
 * the thread the invitee stores: symKey T = DH(Z, Y), topic sha256(T).
 */
export function acceptInvite(invite: ReceivedInvite): {
  responseTopic: string
  envelope: string
  thread: Thread
} {
  const z = generateKeyPair()
  const symKey = deriveSymKey(z.privateKey, invite.inviterPublicKey)
  const response = { id: invite.id, jsonrpc: '2.0', result: { publicKey: z.publicKey } }
  return {
    responseTopic: invite.responseTopic,
    envelope: sealTypeZero(invite.symKey, JSON.stringify(response)),
    thread: {
      topic: topicOf(symKey),
      selfAccount: invite.inviteeAccount,
      peerAccount: invite.inviterAccount,
      symKey,
    },
  }
}

/** Rejects an invite: the JSON-RPC error answer, sealed with I, for the response topic. */
export function rejectInvite(invite: ReceivedInvite): { responseTopic: string; envelope: string } {
  const response = { id: invite.id, jsonrpc: '2.0', error: INVITE_REJECTED }
  return {
    responseTopic: invite.responseTopic,
    envelope: sealTypeZero(invite.symKey, JSON.stringify(response)),
  }
}

/**
 * Opens the answer to a sent invite, on any device of the inviter: the synced `SentInvite` holds I and
 * Y. Accepted: the thread, symKey T = DH(Y, Z), the same key the invitee derived. `undefined` for an
 * answer to another request id.
 */
export function openInviteResponse(sentInvite: SentInvite, envelope: string): InviteOutcome | undefined {
  const response = parseResponse(openTypeZero(sentInvite.symKey, envelope), (result) => {
    if (!isObject(result)) throw new ChatProtocolError('malformed-payload', { details: 'No result object.' })
    const publicKey = readText(result, 'publicKey', 64)
    keyBytes(publicKey, 'public key')
    return { publicKey }
  })
  if (response.id !== sentInvite.id) return undefined
  if ('error' in response) return { status: 'rejected' }
  const symKey = deriveSymKey(sentInvite.inviterPrivKeyY, response.result.publicKey)
  return {
    status: 'approved',
    thread: {
      topic: topicOf(symKey),
      selfAccount: sentInvite.inviterAccount,
      peerAccount: sentInvite.inviteeAccount,
      symKey,
    },
  }
}
