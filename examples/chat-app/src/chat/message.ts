import type { Thread } from '@chatsync/core'
import { ChatProtocolError } from './ChatProtocolError'
import { openTypeZero, sealTypeZero } from './envelopes'
import { isSameAccount } from './isSameAccount'
import { buildRequest, CHAT_LIMITS, CHAT_RPC, parseMethod, readInteger, readText } from './rpc'

/** A chat message as a device shows it (the spec's `Message`). Kept per device: not a Sync store. */
export type ChatMessage = {
  /** The JSON-RPC id of its `wc_chatMessage`: the same on every device. */
  id: number
  topic: string
  message: string
  authorAccount: string
  timestamp: number
}

/** The `wc_chatMessage` params: what the spec's `messageAuth` claims hold (sub, aud, author, iat). */
export type ChatMessageParams = {
  message: string
  authorAccount: string
  recipientAccount: string
  timestamp: number
}

export type ThreadEvent = { type: 'message'; message: ChatMessage } | { type: 'leave'; id: number }

/** A `wc_chatMessage` from `thread.selfAccount`, sealed with the thread's symKey for its topic. */
export function sealChatMessage({
  thread,
  message,
  id,
  now = Date.now(),
}: {
  thread: Thread
  message: string
  id?: number
  now?: number
}): { envelope: string; message: ChatMessage } {
  if (message.length === 0 || message.length > CHAT_LIMITS.message)
    throw new ChatProtocolError('too-long', {
      details: `Messages take 1 to ${CHAT_LIMITS.message} characters.`,
    })
  const request = buildRequest<ChatMessageParams>(
    CHAT_RPC.message.method,
    { message, authorAccount: thread.selfAccount, recipientAccount: thread.peerAccount, timestamp: now },
    id,
  )
  return {
    envelope: sealTypeZero(thread.symKey, JSON.stringify(request)),
    message: {
      id: request.id,
      topic: thread.topic,
      message,
      authorAccount: thread.selfAccount,
      timestamp: now,
    },
  }
}

/** A `wc_chatLeave` for the thread: the peer learns the thread was left. */
export function sealLeave(thread: Thread): string {
  return sealTypeZero(thread.symKey, JSON.stringify(buildRequest(CHAT_RPC.leave.method, {})))
}

/** Opens what arrived on a thread topic: a message (from either account) or a leave. */
export function openThreadMessage(thread: Thread, envelope: string): ThreadEvent {
  const request = parseMethod(openTypeZero(thread.symKey, envelope))
  if (request.method === CHAT_RPC.leave.method) return { type: 'leave', id: request.id }
  if (request.method !== CHAT_RPC.message.method)
    throw new ChatProtocolError('malformed-payload', { details: 'Not a chat method.' })
  const message = readText(request.params, 'message', CHAT_LIMITS.message)
  const authorAccount = readText(request.params, 'authorAccount')
  const timestamp = readInteger(request.params, 'timestamp')
  const isMember = [thread.selfAccount, thread.peerAccount].some((account) =>
    isSameAccount(account, authorAccount),
  )
  if (!isMember) throw new ChatProtocolError('wrong-account', { details: 'The author is not in the thread.' })
  return {
    type: 'message',
    message: { id: request.id, topic: thread.topic, message, authorAccount, timestamp },
  }
}
