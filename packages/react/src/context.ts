'use client'
import type { ChatSyncSession } from '@chatsync/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext } from 'react'

export type ChatSyncContextValue = {
  /** The provider's session; its `state` holds the status and the store views the hooks read. */
  session: ChatSyncSession
  queryClient: QueryClient
}

export const ChatSyncContext = createContext<ChatSyncContextValue | undefined>(undefined)
