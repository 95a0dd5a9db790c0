'use client'
import { replaceEqualDeep } from '@tanstack/react-query'
import { useMemo, useRef } from 'react'
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
  // Kept across renders, so that an inline `select` (a new function each render) still gives the same
  // `data` while its result is structurally the same, as TanStack's `select` does.
  const cache = useRef<{ picked?: Picked; source?: unknown; select?: unknown; selected?: unknown }>({})
  const selector = useMemo(
    () =>
      (state: ChatState): Picked => {
        const kept = cache.current
        const query = getChatQueryState(state)
        if (state[list] !== kept.source || select !== kept.select) {
          kept.source = state[list]
          kept.select = select
          const items = Object.values(state[list]) as ChatListItem<L>[]
          kept.selected = select ? replaceEqualDeep(kept.selected, select(items)) : items
        }
        const data = query.status === 'success' ? kept.selected : undefined
        if (kept.picked?.query === query && kept.picked.data === data) return kept.picked
        kept.picked = { query, data }
        return kept.picked
      },
    [list, select],
  )
  const { query, data } = useStore(chat.state, selector)
  return toChatQueryResult(query, data as TSelected | undefined)
}
