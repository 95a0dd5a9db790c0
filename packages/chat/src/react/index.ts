// @chatsync/chat/react: hooks over the chat of a `<ChatSyncProvider config={createChatConfig(…)}>`.

export {
  ChatNotConfiguredError,
  type ChatNotConfiguredErrorType,
} from './ChatNotConfiguredError.js'
export type { ChatQueryResult } from './chatQueryResult.js'
export { type UseChatReturnType, useChat } from './useChat.js'
export { type UseChatClientReturnType, useChatClient } from './useChatClient.js'
export type { ChatList, ChatListItem, UseChatListParameters } from './useChatList.js'
export {
  type UseChatThreadParameters,
  type UseChatThreadReturnType,
  useChatThread,
} from './useChatThread.js'
export {
  type UseChatThreadsParameters,
  type UseChatThreadsReturnType,
  useChatThreads,
} from './useChatThreads.js'
export {
  type UseReceivedInvitesParameters,
  type UseReceivedInvitesReturnType,
  useReceivedInvites,
} from './useReceivedInvites.js'
export { type UseRotateInviteKeyReturnType, useRotateInviteKey } from './useRotateInviteKey.js'
export { type UseSendInviteReturnType, useSendInvite } from './useSendInvite.js'
