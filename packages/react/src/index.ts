export { ChatSyncProvider, type ChatSyncProviderProps } from './ChatSyncProvider.js'
export { ChatSyncContext, type ChatSyncContextValue } from './context.js'
export type { ChatSyncStore, ChatSyncStoreState } from './createChatSyncStore.js'
export {
  ChatSyncProviderNotFoundError,
  type ChatSyncProviderNotFoundErrorType,
} from './errors/ChatSyncProviderNotFoundError.js'
export { type UseChatSyncReturnType, useChatSync } from './hooks/useChatSync.js'
export { type UseInviteKeysReturnType, useInviteKeys } from './hooks/useInviteKeys.js'
export {
  type UseReceivedInviteStatusesReturnType,
  useReceivedInviteStatuses,
} from './hooks/useReceivedInviteStatuses.js'
export { type UseSentInvitesReturnType, useSentInvites } from './hooks/useSentInvites.js'
export type { UseStoreValuesReturnType } from './hooks/useStoreValues.js'
export { type UseThreadsReturnType, useThreads } from './hooks/useThreads.js'
