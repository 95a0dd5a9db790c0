'use client'
import { toQueryResult } from '@chatsync/core/internal'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { type ChatQueryState, getChatQueryState } from '../actions/getChatQueryState.js'
import { type LeaveThreadErrorType, leaveThreadMutationOptions } from '../actions/leaveThread.js'
import {
  type SendMessageErrorType,
  type SendMessageReturnType,
  sendMessageMutationOptions,
} from '../actions/sendMessage.js'
import type { ChatState, ChatThread } from '../client/chatState.js'
import type { ChatQueryResult } from './chatQueryResult.js'
import { useChatClient } from './useChatClient.js'

export type UseChatThreadParameters = { topic: string }
export type UseChatThreadReturnType = ChatQueryResult<ChatThread> & {
  /** Sends a message on this thread (`sendMessage.mutate({ message })`): shown at once as `pending`. */
  sendMessage: UseMutationResult<SendMessageReturnType, SendMessageErrorType, { message: string }>
  /** Leaves this thread on every device of the account, and tells the peer (`leave.mutate()`). */
  leave: UseMutationResult<void, LeaveThreadErrorType, void>
}

type Picked = { query: ChatQueryState; thread: ChatThread | undefined }

/**
 * One thread with its messages, oldest first (`data` undefined while there is none), with writes bound
 * to it. Re-renders only when this thread, or the chat's status, changes.
 */
export function useChatThread({ topic }: UseChatThreadParameters): UseChatThreadReturnType {
  const chat = useChatClient()
  const selector = useMemo(() => {
    let picked: Picked | undefined
    return (state: ChatState): Picked => {
      const query = getChatQueryState(state)
      const thread = query.status === 'success' ? state.threads[topic] : undefined
      if (picked?.query === query && picked.thread === thread) return picked
      picked = { query, thread }
      return picked
    }
  }, [topic])
  const { query, thread } = useStore(chat.state, selector)
  const sendMessage = useMutation<SendMessageReturnType, SendMessageErrorType, { message: string }>(
    useMemo(() => {
      const { mutationKey, mutationFn } = sendMessageMutationOptions(chat)
      return { mutationKey, mutationFn: ({ message }: { message: string }) => mutationFn({ topic, message }) }
    }, [chat, topic]),
  )
  const leave = useMutation<void, LeaveThreadErrorType, void>(
    useMemo(() => {
      const { mutationKey, mutationFn } = leaveThreadMutationOptions(chat)
      return { mutationKey, mutationFn: () => mutationFn({ topic }) }
    }, [chat, topic]),
  )
  return { ...toQueryResult(query, thread), sendMessage, leave }
}
