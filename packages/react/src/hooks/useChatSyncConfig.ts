'use client'
import type { ChatSyncConfig } from '@chatsync/core'
import { useContext } from 'react'
import { ChatSyncContext } from '../context.js'
import { ChatSyncProviderNotFoundError } from '../errors/ChatSyncProviderNotFoundError.js'

export type UseChatSyncConfigReturnType = ChatSyncConfig

/** The nearest `<ChatSyncProvider>`'s config (for core actions: `getThreads(config)`, …). */
export function useChatSyncConfig(): UseChatSyncConfigReturnType {
  const config = useContext(ChatSyncContext)
  if (!config) throw new ChatSyncProviderNotFoundError()
  return config
}
