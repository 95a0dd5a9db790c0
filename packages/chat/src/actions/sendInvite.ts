import type { BaseErrorType, RelayRequestErrorType } from '@chatsync/core'
import { sendInviteIn } from '../client/accountActions.js'
import type { SentChatInvite } from '../client/chatState.js'
import type { ChatClient } from '../client/createChatClient.js'
import type {
  ChatNotReadyErrorType,
  InvalidInviteeErrorType,
  InviteeNotFoundErrorType,
  KeysServerErrorType,
  MessageTooLongErrorType,
} from '../errors/chat.js'

export type SendInviteParameters = {
  /** A CAIP-10 account (`eip155:1:0x…`), or a bare `0x…` address (taken as `eip155:1`). */
  inviteeAccount: string
  /** The opening message: at most 200 characters (it may be empty). */
  message: string
}
export type SendInviteReturnType = SentChatInvite
export type SendInviteErrorType =
  | InvalidInviteeErrorType
  | MessageTooLongErrorType
  | InviteeNotFoundErrorType
  | KeysServerErrorType
  | ChatNotReadyErrorType
  | RelayRequestErrorType
  | BaseErrorType

/**
 * Invites an account to chat: its invite key from the key directory, the sent invite stored (every
 * device of the account then waits for the answer), the invite published to the invitee's devices.
 */
export function sendInvite(
  chat: ChatClient,
  parameters: SendInviteParameters,
): Promise<SendInviteReturnType> {
  return sendInviteIn(chat.current('send an invite').context, parameters)
}

/** Mutation options (TanStack Query shape) that send invites. */
export const sendInviteMutationOptions = (chat: ChatClient) => ({
  mutationKey: ['chatsync', 'chat', 'sendInvite'] as const,
  mutationFn: (parameters: SendInviteParameters) => sendInvite(chat, parameters),
})
