'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import {
  type AnswerInviteErrorType,
  type AnswerInviteParameters,
  answerInviteMutationOptions,
} from '../actions/answerInvite.js'
import type { ReceivedInvite } from '../client/chatState.js'
import type { ChatQueryResult } from './chatQueryResult.js'
import { useChatClient } from './useChatClient.js'
import { type UseChatListParameters, useChatList } from './useChatList.js'

export type UseReceivedInvitesParameters<TSelected = readonly ReceivedInvite[]> = UseChatListParameters<
  'receivedInvites',
  TSelected
>
export type UseReceivedInvitesReturnType<TSelected = readonly ReceivedInvite[]> =
  ChatQueryResult<TSelected> & {
    /** Accepts an invite (`accept.mutate({ id })`): the thread opens on every device of both accounts. */
    accept: UseMutationResult<void, AnswerInviteErrorType, AnswerInviteParameters>
    /** Rejects an invite (`reject.mutate({ id })`). */
    reject: UseMutationResult<void, AnswerInviteErrorType, AnswerInviteParameters>
  }

/**
 * The invites the account received, verified, in the order they arrived, each with the answer any of
 * its devices gave (`status`) and whether this device is answering it now (`isAnswering`).
 */
export function useReceivedInvites<TSelected = readonly ReceivedInvite[]>(
  parameters: UseReceivedInvitesParameters<TSelected> = {},
): UseReceivedInvitesReturnType<TSelected> {
  const chat = useChatClient()
  const result = useChatList('receivedInvites', parameters)
  const accept = useMutation<void, AnswerInviteErrorType, AnswerInviteParameters>(
    useMemo(() => answerInviteMutationOptions(chat, { answer: 'accept' }), [chat]),
  )
  const reject = useMutation<void, AnswerInviteErrorType, AnswerInviteParameters>(
    useMemo(() => answerInviteMutationOptions(chat, { answer: 'reject' }), [chat]),
  )
  return { ...result, accept, reject }
}
