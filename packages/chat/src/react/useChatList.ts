'use client'
import { replaceEqualDeep } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { type ChatQueryState, getChatQueryState } from '../actions/getChatQueryState.js'
import type { ChatState } from '../client/chatState.js'
import { type ChatQueryResult, toChatQueryResult } from './toChatQueryResult.js'
import { useChatClient } from './useChatClient.js'

/** The lists of the chat state a hook reads. */
export type ChatList = 'threads' | 'receivedInvites'
export type ChatListItem<L extends ChatList> = ChatState[L][string]

export type UseChatListParameters<L extends ChatList, TSelected> = {
  /**
   * Picks what the component needs (`data` then holds what it returns), as TanStack Query's `select`: the
   * component re-renders only when the result changes, compared structurally.
   */
  select?: ((data: readonly ChatListItem<L>[]) => TSelected) | undefined
}

type Picked = { query: ChatQueryState; data: unknown }

/** One list of the chat state, shaped like a TanStack query. */
export function useChatList<L extends ChatList, TSelected = readonly ChatListItem<L>[]>(
  list: L,
  { select }: UseChatListParameters<L, TSelected> = {},
): ChatQueryResult<TSelected> {
  const chat = useChatClient()
  const selector = useMemo(() => {
    let picked: Picked | undefined
    let source: unknown
    let selected: unknown
    return (state: ChatState): Picked => {
      const query = getChatQueryState(state)
      if (state[list] !== source) {
        source = state[list]
        const items = Object.values(state[list]) as ChatListItem<L>[]
        selected = select ? replaceEqualDeep(selected, select(items)) : items
      }
      const data = query.status === 'success' ? selected : undefined
      if (picked?.query === query && picked.data === data) return picked
      picked = { query, data }
      return picked
    }
  }, [list, select])
  const { query, data } = useStore(chat.state, selector)
  return toChatQueryResult(query, data as TSelected | undefined)
}
