'use client'
import { useChatSyncConfig } from '@chatsync/react'
import type { ChatClient } from '../client/createChatClient.js'
import type { ChatConfig } from '../config/createChatConfig.js'
import { ChatNotConfiguredError } from './ChatNotConfiguredError.js'

export type UseChatClientReturnType = ChatClient

/**
 * The chat client of the nearest `<ChatSyncProvider>`'s config (`createChatConfig`), for the chat's
 * actions. @throws {ChatNotConfiguredError} when the config has no chat.
 */
export function useChatClient(): UseChatClientReturnType {
  const config = useChatSyncConfig() as Partial<ChatConfig>
  if (!config.chat) throw new ChatNotConfiguredError()
  return config.chat
}
