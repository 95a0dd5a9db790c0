'use client'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useMemo } from 'react'
import { type InviteKeyErrorType, rotateInviteKeyMutationOptions } from '../actions/inviteKey.js'
import { useChatClient } from './useChatClient.js'

export type UseRotateInviteKeyReturnType = UseMutationResult<string, InviteKeyErrorType, void>

/** Gives the account a new invite key (`mutate()`; resolves with its public key): invites to the old one are no longer read. */
export function useRotateInviteKey(): UseRotateInviteKeyReturnType {
  const chat = useChatClient()
  return useMutation<string, InviteKeyErrorType, void>(
    useMemo(() => rotateInviteKeyMutationOptions(chat), [chat]),
  )
}
