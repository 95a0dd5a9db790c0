import { ChatError } from './ChatError.js'

export type ChatNotReadyErrorType = ChatNotReadyError & { name: 'ChatNotReadyError' }

/** An action needs the chat started for an account (the session ready and, to send, an identity key). */
export class ChatNotReadyError extends ChatError {
  override name = 'ChatNotReadyError' as const

  constructor({ action, reason }: { action: string; reason: string }) {
    super(`Cannot ${action}: ${reason}.`)
  }
}

export type MessageTooLongErrorType = MessageTooLongError & { name: 'MessageTooLongError' }

/** A text over the Chat spec's limit (1,000 characters a message, 200 an invite). Nothing was sent. */
export class MessageTooLongError extends ChatError {
  override name = 'MessageTooLongError' as const
  declare readonly limit: number
  declare readonly length: number

  constructor({
    what,
    limit,
    length,
  }: { what: 'message' | 'invite message'; limit: number; length: number }) {
    super(`The ${what} is ${length} characters long; the limit is ${limit}.`, {
      details: 'Shorten it; nothing was cut or sent.',
    })
    this.limit = limit
    this.length = length
  }
}

export type EmptyMessageErrorType = EmptyMessageError & { name: 'EmptyMessageError' }

/** A message that is empty or only white space. Nothing was sent. */
export class EmptyMessageError extends ChatError {
  override name = 'EmptyMessageError' as const

  constructor() {
    super('The message is empty.', { details: 'Write something to send.' })
  }
}

export type InvalidInviteeErrorType = InvalidInviteeError & { name: 'InvalidInviteeError' }

/** The invitee is not an account that can be invited: not CAIP-10 (nor a bare address), or the inviter. */
export class InvalidInviteeError extends ChatError {
  override name = 'InvalidInviteeError' as const
  declare readonly reason: 'not-an-account' | 'self'

  constructor({ reason }: { reason: 'not-an-account' | 'self' }) {
    super(reason === 'self' ? 'You cannot invite your own account.' : 'The invitee is not an account.', {
      details:
        reason === 'self'
          ? undefined
          : 'Expected a CAIP-10 account such as eip155:1:0xAbC…, or a bare 0x… address (taken as eip155:1).',
    })
    this.reason = reason
  }
}

export type InviteeNotFoundErrorType = InviteeNotFoundError & { name: 'InviteeNotFoundError' }

/** The key directory has no invite key for the invitee: none of its devices has started chat yet. */
export class InviteeNotFoundError extends ChatError {
  override name = 'InviteeNotFoundError' as const

  constructor({ account }: { account: string }) {
    super(`${account} has no invite key yet.`, {
      details: 'It can be invited once one of its devices has started chat.',
    })
  }
}

export type KeysServerErrorType = KeysServerError & { name: 'KeysServerError' }

/** The key directory could not be reached, refused a request, or answered something unreadable. */
export class KeysServerError extends ChatError {
  override name = 'KeysServerError' as const
  declare readonly status: number | undefined

  constructor({
    action,
    status,
    reason,
    cause,
  }: { action: string; status?: number; reason?: string; cause?: unknown }) {
    super(`The key directory could not ${action}.`, {
      cause,
      details: [status === undefined ? 'unreachable' : `HTTP ${status}`, reason].filter(Boolean).join(': '),
    })
    this.status = status
  }
}

export type NotFoundErrorType = ChatNotFoundError & { name: 'ChatNotFoundError' }

/** No such received invite (or it was answered already), or no such thread of the account. */
export class ChatNotFoundError extends ChatError {
  override name = 'ChatNotFoundError' as const
  declare readonly what: 'invite' | 'thread'

  constructor({ what, reason }: { what: 'invite' | 'thread'; reason?: string }) {
    super(`No such ${what}${reason ? ` (${reason})` : ''}.`)
    this.what = what
  }
}

export type IdentitySignatureErrorType = IdentitySignatureError & { name: 'IdentitySignatureError' }

/** The identity signature the wallet returned is not the account's (it recovers to another address). */
export class IdentitySignatureError extends ChatError {
  override name = 'IdentitySignatureError' as const

  constructor({ account }: { account: string }) {
    super(`The identity signature is not by ${account}.`, {
      details: 'The wallet signed with another account than the one chat runs for.',
    })
  }
}
