import type { BaseErrorType, RelayRequestErrorType } from '@chatsync/core'
import { sendMessageIn } from '../client/accountActions.js'
import type { ChatMessage } from '../client/chatState.js'
import type { ChatClient } from '../client/createChatClient.js'
import type {
  ChatNotReadyErrorType,
  EmptyMessageErrorType,
  MessageTooLongErrorType,
  NotFoundErrorType,
} from '../errors/chat.js'

export type SendMessageParameters = {
  topic: string /** 1 to 1,000 characters, not only white space. */
  message: string
}
export type SendMessageReturnType = ChatMessage
export type SendMessageErrorType =
  | EmptyMessageErrorType
  | MessageTooLongErrorType
  | NotFoundErrorType
  | ChatNotReadyErrorType
  | RelayRequestErrorType
  | BaseErrorType

/** Sends a message on a thread; it shows at once (`pending`), then `published`, then `delivered`. */
export function sendMessage(
  chat: ChatClient,
  parameters: SendMessageParameters,
): Promise<SendMessageReturnType> {
  return sendMessageIn(chat.current('send a message').context, parameters)
}

/** Mutation options (TanStack Query shape) that send messages. */
export const sendMessageMutationOptions = (chat: ChatClient) => ({
  mutationKey: ['chatsync', 'chat', 'sendMessage'] as const,
  mutationFn: (parameters: SendMessageParameters) => sendMessage(chat, parameters),
})
