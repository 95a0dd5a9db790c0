import type { BaseErrorType, RelayRequestErrorType, Thread } from '@chatsync/core'
import { answerInviteIn } from '../client/accountActions.js'
import type { ChatClient } from '../client/createChatClient.js'
import type { ChatNotReadyErrorType, NotFoundErrorType } from '../errors/chat.js'

export type AnswerInviteParameters = { /** The received invite's id. */ id: number }
export type AnswerInviteErrorType =
  | NotFoundErrorType
  | ChatNotReadyErrorType
  | RelayRequestErrorType
  | BaseErrorType
/** The thread's topic and accounts (the new entry of the threads store). */
export type AcceptInviteReturnType = Pick<Thread, 'topic' | 'selfAccount' | 'peerAccount'>

/** Accepts a received invite: the thread is stored (every device of the account shows it), the inviter answered. */
export async function acceptInvite(
  chat: ChatClient,
  { id }: AnswerInviteParameters,
): Promise<AcceptInviteReturnType> {
  const thread = await answerInviteIn(chat.current('accept an invite').context, { id, accept: true })
  const { topic, selfAccount, peerAccount } = thread!
  return { topic, selfAccount, peerAccount }
}

/** Rejects a received invite: the inviter is told, and every device of the account shows it rejected. */
export async function rejectInvite(chat: ChatClient, { id }: AnswerInviteParameters): Promise<void> {
  await answerInviteIn(chat.current('reject an invite').context, { id, accept: false })
}

/** Mutation options (TanStack Query shape) that accept, or reject, received invites. */
export const answerInviteMutationOptions = (
  chat: ChatClient,
  { answer }: { answer: 'accept' | 'reject' },
) => ({
  mutationKey: ['chatsync', 'chat', answer === 'accept' ? 'acceptInvite' : 'rejectInvite'] as const,
  mutationFn: (parameters: AnswerInviteParameters) =>
    answer === 'accept'
      ? acceptInvite(chat, parameters).then(() => undefined)
      : rejectInvite(chat, parameters),
})
