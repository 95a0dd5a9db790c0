import { BaseError } from '@chatsync/core'

export type ChatSyncProviderNotFoundErrorType = ChatSyncProviderNotFoundError & {
  name: 'ChatSyncProviderNotFoundError'
}

/** A chatsync hook was used outside `<ChatSyncProvider>`. */
export class ChatSyncProviderNotFoundError extends BaseError {
  override name = 'ChatSyncProviderNotFoundError' as const

  constructor() {
    super('chatsync hooks must be used within <ChatSyncProvider>.')
  }
}
