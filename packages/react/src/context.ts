'use client'
import type { ChatSyncConfig } from '@chatsync/core'
import { createContext } from 'react'

/** The nearest `<ChatSyncProvider>`'s config. */
export const ChatSyncContext = createContext<ChatSyncConfig | undefined>(undefined)
