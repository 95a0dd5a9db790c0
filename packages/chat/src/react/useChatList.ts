'use client'
import { createSelection, toQueryResult } from '@chatsync/core/internal'
import { replaceEqualDeep } from '@tanstack/react-query'
import { useMemo, useRef } from 'react'
import { useStore } from 'zustand'
import { type ChatQueryState, getChatQueryState } from '../actions/getChatQueryState.js'
import type { ChatState } from '../client/chatState.js'
import type { ChatQueryResult } from './chatQueryResult.js'
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
  const selection =
    useRef<ReturnType<typeof createSelection<readonly ChatListItem<L>[], TSelected>>>(undefined)
  selection.current ??= createSelection(replaceEqualDeep)
  const picked = useRef<Picked>(undefined)
  const source = useRef<{ list: unknown; items: readonly ChatListItem<L>[] }>(undefined)
  const selector = useMemo(
    () =>
      (state: ChatState): Picked => {
        const query = getChatQueryState(state)
        // One array of the list's items per change of the list, which the selection compares.
        if (source.current?.list !== state[list])
          source.current = { list: state[list], items: Object.values(state[list]) as ChatListItem<L>[] }
        const selected = selection.current!(source.current.items, select)
        const data = query.status === 'success' ? selected : undefined
        if (picked.current?.query === query && picked.current.data === data) return picked.current
        picked.current = { query, data }
        return picked.current
      },
    [list, select],
  )
  const { query, data } = useStore(chat.state, selector)
  return toQueryResult(query, data as TSelected | undefined)
}
