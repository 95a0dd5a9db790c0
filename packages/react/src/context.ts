'use client'
import type { ChatSyncSession } from '@chatsync/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext } from 'react'
import type { ChatSyncStore } from './createChatSyncStore.js'

export type ChatSyncContextValue = {
  session: ChatSyncSession
  store: ChatSyncStore
  queryClient: QueryClient
}

export const ChatSyncContext = createContext<ChatSyncContextValue | undefined>(undefined)
