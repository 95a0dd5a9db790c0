import { BaseError } from '@chatsync/core'
import { version } from '../version.js'

export type ChatSyncProviderNotFoundErrorType = ChatSyncProviderNotFoundError & {
  name: 'ChatSyncProviderNotFoundError'
}

/** A chatsync hook was used outside `<ChatSyncProvider>`. */
export class ChatSyncProviderNotFoundError extends BaseError {
  override name = 'ChatSyncProviderNotFoundError' as const

  constructor() {
    super('chatsync hooks must be used within <ChatSyncProvider>.', { version: `@chatsync/react@${version}` })
  }
}
