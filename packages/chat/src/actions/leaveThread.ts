import type { BaseErrorType } from '@chatsync/core'
import { leaveThreadIn } from '../client/accountActions.js'
import type { ChatClient } from '../client/createChatClient.js'
import type { ChatNotReadyErrorType, NotFoundErrorType } from '../errors/chat.js'

export type LeaveThreadParameters = { topic: string }
export type LeaveThreadErrorType = NotFoundErrorType | ChatNotReadyErrorType | BaseErrorType

/** Leaves a thread on every device of the account, and tells the peer. */
export function leaveThread(chat: ChatClient, parameters: LeaveThreadParameters): Promise<void> {
  return leaveThreadIn(chat.current('leave a thread').context, parameters)
}

/** Mutation options (TanStack Query shape) that leave threads. */
export const leaveThreadMutationOptions = (chat: ChatClient) => ({
  mutationKey: ['chatsync', 'chat', 'leaveThread'] as const,
  mutationFn: (parameters: LeaveThreadParameters) => leaveThread(chat, parameters),
})
