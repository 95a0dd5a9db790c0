'use client'
import { useContext } from 'react'
import { ChatSyncContext, type ChatSyncContextValue } from '../context.js'
import { ChatSyncProviderNotFoundError } from '../errors/ChatSyncProviderNotFoundError.js'

/** The nearest provider's session and query client. */
export function useChatSyncContext(): ChatSyncContextValue {
  const context = useContext(ChatSyncContext)
  if (!context) throw new ChatSyncProviderNotFoundError()
  return context
}
