export {
  type ChatSyncConfig,
  type CreateChatSyncConfigParameters,
  createChatSyncConfig,
} from '@chatsync/core'
export { ChatSyncProvider, type ChatSyncProviderProps } from './ChatSyncProvider.js'
export { ChatSyncContext } from './context.js'
export {
  ChatSyncProviderNotFoundError,
  type ChatSyncProviderNotFoundErrorType,
} from './errors/ChatSyncProviderNotFoundError.js'
export { type UseChatSyncReturnType, useChatSync } from './hooks/useChatSync.js'
export { type UseChatSyncConfigReturnType, useChatSyncConfig } from './hooks/useChatSyncConfig.js'
export {
  type UseInviteKeyParameters,
  type UseInviteKeyReturnType,
  useInviteKey,
} from './hooks/useInviteKey.js'
export {
  type UseInviteKeysParameters,
  type UseInviteKeysReturnType,
  useInviteKeys,
} from './hooks/useInviteKeys.js'
export {
  type UseReceivedInviteStatusParameters,
  type UseReceivedInviteStatusReturnType,
  useReceivedInviteStatus,
} from './hooks/useReceivedInviteStatus.js'
export {
  type UseReceivedInviteStatusesParameters,
  type UseReceivedInviteStatusesReturnType,
  useReceivedInviteStatuses,
} from './hooks/useReceivedInviteStatuses.js'
export {
  type UseSentInviteParameters,
  type UseSentInviteReturnType,
  useSentInvite,
} from './hooks/useSentInvite.js'
export {
  type UseSentInvitesParameters,
  type UseSentInvitesReturnType,
  useSentInvites,
} from './hooks/useSentInvites.js'
export type { EntryWrites, UseStoreEntryReturnType } from './hooks/useStoreEntry.js'
export type {
  StoreData,
  StoreWrites,
  UseStoreQueryParameters,
  UseStoreQueryReturnType,
} from './hooks/useStoreQuery.js'
export { type UseThreadParameters, type UseThreadReturnType, useThread } from './hooks/useThread.js'
export { type UseThreadsParameters, type UseThreadsReturnType, useThreads } from './hooks/useThreads.js'
export type { QueryResult } from './utils/queryResult.js'
export { version } from './version.js'
