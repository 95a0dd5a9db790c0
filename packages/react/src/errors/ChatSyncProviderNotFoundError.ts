import { BaseError } from '@chatsync/core'

export type ChatSyncProviderNotFoundErrorType = ChatSyncProviderNotFoundError & {
  name: 'ChatSyncProviderNotFoundError'
}

/** A chatsync hook was used outside `<ChatSyncProvider>`. */
export class ChatSyncProviderNotFoundError extends BaseError {
  override name = 'ChatSyncProviderNotFoundError' as const

  constructor() {
    super('`useChatSync` and the store hooks must be used within `ChatSyncProvider`.', {
      details: 'Wrap the component tree in <ChatSyncProvider>.',
    })
  }
}
