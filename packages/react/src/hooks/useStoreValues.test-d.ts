import type {
  AccountNotSetErrorType,
  InviteKeys,
  PayloadValidationErrorType,
  ReceivedInviteStatus,
  SentInvite,
  Thread,
} from '@chatsync/core'
import { expectTypeOf, test } from 'vitest'
import { useChatSync } from './useChatSync.js'
import { useInviteKeys } from './useInviteKeys.js'
import { useReceivedInviteStatuses } from './useReceivedInviteStatuses.js'
import { useSentInvites } from './useSentInvites.js'
import { useThreads } from './useThreads.js'

test('data is typed per store', () => {
  expectTypeOf(useSentInvites().data).toEqualTypeOf<readonly SentInvite[]>()
  expectTypeOf(useThreads().data).toEqualTypeOf<readonly Thread[]>()
  expectTypeOf(useInviteKeys().data).toEqualTypeOf<readonly InviteKeys[]>()
  expectTypeOf(useReceivedInviteStatuses().data).toEqualTypeOf<readonly ReceivedInviteStatus[]>()
  expectTypeOf(useThreads().get).returns.toEqualTypeOf<Thread | undefined>()
  expectTypeOf(useThreads().byKey).toEqualTypeOf<Readonly<Record<string, Thread>>>()
})

test('writes take the store payload; errors are typed', () => {
  expectTypeOf(useThreads().set.mutate).parameter(0).toEqualTypeOf<Thread>()
  expectTypeOf(useSentInvites().set.mutateAsync).parameter(0).toEqualTypeOf<SentInvite>()
  expectTypeOf(useThreads().remove.mutate).parameter(0).toEqualTypeOf<string>()
  // @ts-expect-error a thread is not a sent invite
  useSentInvites().set.mutate({} as Thread)
  const error = useThreads().set.error
  if (error?.name === 'PayloadValidationError')
    expectTypeOf(error).toEqualTypeOf<PayloadValidationErrorType>()
  if (error?.name === 'AccountNotSetError') expectTypeOf(error).toEqualTypeOf<AccountNotSetErrorType>()
})

test('status narrows the error', () => {
  const state = useChatSync()
  if (state.status === 'rejected') expectTypeOf(state.error.name).toEqualTypeOf<'SignatureRejectedError'>()
  if (state.status === 'ready') expectTypeOf(state.error).toEqualTypeOf<undefined>()
  if (state.status === 'signing') expectTypeOf(state.account).toEqualTypeOf<string>()
})
