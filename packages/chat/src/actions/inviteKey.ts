import type { BaseErrorType } from '@chatsync/core'
import type { ChatClient } from '../client/createChatClient.js'
import type { ChatNotReadyErrorType, KeysServerErrorType } from '../errors/chat.js'

export type InviteKeyErrorType = KeysServerErrorType | ChatNotReadyErrorType | BaseErrorType

/**
 * Gives the account a new invite key (registered in the directory, then synced to every device): invites
 * sent to the old one are no longer read. Resolves with the new public key (hex).
 */
export async function rotateInviteKey(chat: ChatClient): Promise<string> {
  const keys = await chat.current('rotate the invite key').inviteKeys.rotate()
  return keys.publicKey
}

/** Removes the account's invite key from the directory and the store: nobody can invite it until `rotateInviteKey`. */
export function unregisterInviteKey(chat: ChatClient): Promise<void> {
  return chat.current('unregister the invite key').inviteKeys.unregister()
}

/** Mutation options (TanStack Query shape) that rotate the account's invite key. */
export const rotateInviteKeyMutationOptions = (chat: ChatClient) => ({
  mutationKey: ['chatsync', 'chat', 'rotateInviteKey'] as const,
  mutationFn: () => rotateInviteKey(chat),
})
