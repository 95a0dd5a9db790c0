'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import {
  type SendInviteErrorType,
  type SendInviteParameters,
  type SendInviteReturnType,
  sendInviteMutationOptions,
} from '../actions/sendInvite.js'
import { useChatClient } from './useChatClient.js'

export type UseSendInviteReturnType = UseMutationResult<
  SendInviteReturnType,
  SendInviteErrorType,
  SendInviteParameters
>

/**
 * Sends invites (`mutate({ inviteeAccount, message })`): a bare `0x…` address is taken as `eip155:1`;
 * limits and unknown invitees fail with typed errors (`MessageTooLongError`, `InviteeNotFoundError`, …).
 * The sent invite shows in `useSentInvites()` (with `unsyncedKeys` until the relay has it).
 */
export function useSendInvite(): UseSendInviteReturnType {
  const chat = useChatClient()
  return useMutation<SendInviteReturnType, SendInviteErrorType, SendInviteParameters>(
    useMemo(() => sendInviteMutationOptions(chat), [chat]),
  )
}
