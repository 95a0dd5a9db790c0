import { ChatError } from '../errors/ChatError.js'

export type ChatNotConfiguredErrorType = ChatNotConfiguredError & { name: 'ChatNotConfiguredError' }

/** A chat hook under a `<ChatSyncProvider>` whose config has no chat (made without `createChatConfig`). */
export class ChatNotConfiguredError extends ChatError {
  override name = 'ChatNotConfiguredError' as const

  constructor() {
    super('The chatsync config has no chat.', {
      details: 'Make it with createChatConfig from @chatsync/chat and pass it to <ChatSyncProvider config>.',
    })
  }
}
