import type {
  AccountNotSetErrorType,
  DeleteStoreValueReturnType,
  InvalidRetentionErrorType,
  InviteKeys,
  PayloadValidationErrorType,
  ReceivedInviteStatus,
  SentInvite,
  SignatureMismatchErrorType,
  StoreKeyMismatchErrorType,
  Thread,
} from '@chatsync/core'
import { expectTypeOf, test } from 'vitest'
import { useChatSync } from './useChatSync.js'
import { useInviteKeys } from './useInviteKeys.js'
import { useReceivedInviteStatuses } from './useReceivedInviteStatuses.js'
import { useSentInvites } from './useSentInvites.js'
import { useThread } from './useThread.js'
import { useThreads } from './useThreads.js'

test('data is typed per store, undefined until there is some (as a TanStack query)', () => {
  expectTypeOf(useSentInvites().data).toEqualTypeOf<readonly SentInvite[] | undefined>()
  expectTypeOf(useThreads().data).toEqualTypeOf<readonly Thread[] | undefined>()
  expectTypeOf(useInviteKeys().data).toEqualTypeOf<readonly InviteKeys[] | undefined>()
  expectTypeOf(useReceivedInviteStatuses().data).toEqualTypeOf<readonly ReceivedInviteStatus[] | undefined>()
  expectTypeOf(useThreads().status).toEqualTypeOf<'pending' | 'success' | 'error'>()
  expectTypeOf(useThreads().unsyncedKeys).toEqualTypeOf<ReadonlySet<string>>()
  expectTypeOf(useThread({ topic: 't' }).data).toEqualTypeOf<Thread | undefined>()
  expectTypeOf(useThread({ topic: 't' }).isSynced).toEqualTypeOf<boolean>()
})

test('select receives the values; data is what it returns', () => {
  const count = useThreads({ select: (threads) => threads.length })
  expectTypeOf(count.data).toEqualTypeOf<number | undefined>()
  useThreads({
    // @ts-expect-error select receives the list of threads, not a view
    select: (threads) => threads.byKey,
  })
})

test("a row's writes are bound to its key", () => {
  expectTypeOf(useThread({ topic: 't' }).set.mutate)
    .parameter(0)
    .toEqualTypeOf<Thread>()
  // remove takes no variables: the row's key is the one deleted.
  expectTypeOf(
    useThread({ topic: 't' }).remove.mutateAsync(),
  ).resolves.toEqualTypeOf<DeleteStoreValueReturnType>()
  // @ts-expect-error a row's remove takes no key
  useThread({ topic: 't' }).remove.mutate('t')
  const error = useThread({ topic: 't' }).set.error
  if (error?.name === 'StoreKeyMismatchError') expectTypeOf(error).toEqualTypeOf<StoreKeyMismatchErrorType>()
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

test('status narrows the error; enable errors narrow to their own types', () => {
  const state = useChatSync()
  if (state.status === 'rejected') expectTypeOf(state.error.name).toEqualTypeOf<'SignatureRejectedError'>()
  if (state.status === 'ready') expectTypeOf(state.error).toEqualTypeOf<undefined>()
  if (state.status === 'signing') expectTypeOf(state.account).toEqualTypeOf<string>()
  if (state.status === 'error' && state.error.name === 'SignatureMismatchError')
    expectTypeOf(state.error).toEqualTypeOf<SignatureMismatchErrorType>()
  if (state.status === 'error' && state.error.name === 'InvalidRetentionError')
    expectTypeOf(state.error).toEqualTypeOf<InvalidRetentionErrorType>()
})
