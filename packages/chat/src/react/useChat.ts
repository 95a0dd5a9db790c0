'use client'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import type { ChatState } from '../client/chatState.js'
import type { ChatClient } from '../client/createChatClient.js'
import { useChatClient } from './useChatClient.js'

export type UseChatReturnType = Pick<
  ChatState,
  'status' | 'account' | 'error' | 'isLoaded' | 'identityKey' | 'inviteKey'
> &
  Pick<ChatClient, 'enable'>

type Picked = Omit<UseChatReturnType, 'enable'>

/**
 * Where the chat of the provider's account stands: `status` (`idle`, `starting`, `signing` for the
 * identity signature, `ready`, `rejected`, `error` with its `error`), this device's identity key and the
 * account's invite key, with `enable` (asks for the identity signature again).
 */
export function useChat(): UseChatReturnType {
  const chat = useChatClient()
  const selector = useMemo(() => {
    let picked: Picked | undefined
    return ({ status, account, error, isLoaded, identityKey, inviteKey }: ChatState): Picked => {
      const next = { status, account, error, isLoaded, identityKey, inviteKey }
      if (picked && (Object.keys(next) as (keyof Picked)[]).every((key) => picked![key] === next[key]))
        return picked
      picked = next
      return picked
    }
  }, [])
  const picked = useStore(chat.state, selector)
  return useMemo(() => ({ ...picked, enable: chat.enable }), [picked, chat])
}
