'use client'
import type { ChatThread } from '../client/chatState.js'
import type { ChatQueryResult } from './chatQueryResult.js'
import { type UseChatListParameters, useChatList } from './useChatList.js'

export type UseChatThreadsParameters<TSelected = readonly ChatThread[]> = UseChatListParameters<
  'threads',
  TSelected
>
export type UseChatThreadsReturnType<TSelected = readonly ChatThread[]> = ChatQueryResult<TSelected>

/**
 * The account's threads with their messages. A list that shows each thread through `useChatThread`
 * selects only what it lists (`select: (threads) => threads.map((t) => t.topic)`), so a new message
 * re-renders its thread alone.
 */
export function useChatThreads<TSelected = readonly ChatThread[]>(
  parameters: UseChatThreadsParameters<TSelected> = {},
): UseChatThreadsReturnType<TSelected> {
  return useChatList('threads', parameters)
}
