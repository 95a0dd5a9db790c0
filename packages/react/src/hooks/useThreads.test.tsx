import type { Thread } from '@chatsync/core'
import { account, createMemoryChatSyncClient, makeSentInvite, makeThread, otherAccount } from '@chatsync/test'
import { QueryClient, useIsMutating } from '@tanstack/react-query'
import { act, render, renderHook, waitFor } from '@testing-library/react'
import { useRef } from 'react'
import { describe, expect, test, vi } from 'vitest'
import { InviteKeyCount, Status, ThreadCount } from '../../test/components.js'
import { providerWrapper, setupRegistered } from '../../test/providerWrapper.js'
import { ChatSyncProvider } from '../ChatSyncProvider.js'
import { useChatSync } from './useChatSync.js'
import { useSentInvites } from './useSentInvites.js'
import { useThreads } from './useThreads.js'

async function renderReady<T>(hook: () => T) {
  const { client, wrapper } = setupRegistered()
  const rendered = renderHook(() => ({ value: hook(), sync: useChatSync() }), { wrapper })
  await waitFor(() => expect(rendered.result.current.sync.status).toBe('ready'))
  return { client, ...rendered }
}

describe('useThreads', () => {
  test('default: set writes through the client and the value shows up', async () => {
    const { result, client } = await renderReady(() => useThreads())
    expect(result.current.value.data).toEqual([])
    const thread = makeThread(1)
    await act(() => result.current.value.set.mutateAsync(thread))
    expect(result.current.value.data).toEqual([thread])
    expect(client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
    await act(() => result.current.value.remove.mutateAsync(thread.topic))
    expect(result.current.value.data).toEqual([])
  })

  test('behavior: shaped like a query: pending until enabled, success with the data once ready', async () => {
    const { client, wrapper } = setupRegistered()
    client.pushRemote(account, 'threads', [makeThread(1)])
    const { result } = renderHook(() => useThreads(), { wrapper })
    expect(result.current).toMatchObject({
      data: undefined,
      status: 'pending',
      isPending: true,
      isSuccess: false,
      isError: false,
      error: null,
    })
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(result.current).toMatchObject({ isSuccess: true, fetchStatus: 'idle', isFetching: false })
    expect(result.current.data).toEqual([makeThread(1)])
  })

  test('behavior: stored state is data while it syncs (as TanStack shows cached data while fetching)', async () => {
    const client = createMemoryChatSyncClient({ registered: [account], settlesAs: 'syncing' })
    const { result } = renderHook(() => useThreads(), { wrapper: providerWrapper(client) })
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(result.current).toMatchObject({ fetchStatus: 'fetching', isFetching: true, isLoading: false })
    expect(result.current.data).toEqual([])
  })

  test('behavior: a first sync on this device (nothing stored) is pending and loading until ready', async () => {
    const client = createMemoryChatSyncClient({ settlesAs: 'syncing' })
    const { result } = renderHook(() => useThreads(), {
      wrapper: providerWrapper(client, { signMessage: async () => '0xsig' }),
    })
    await waitFor(() => expect(result.current.fetchStatus).toBe('fetching'))
    await waitFor(() => expect(client.getSnapshot({ account }).status).toBe('syncing'))
    expect(result.current).toMatchObject({ status: 'pending', isLoading: true, data: undefined })
  })

  test('behavior: a declined signature is the error status, with the error', async () => {
    const client = createMemoryChatSyncClient()
    const declined = Object.assign(new Error('no'), { code: 4001 })
    const { result } = renderHook(() => useThreads(), {
      wrapper: providerWrapper(client, { signMessage: () => Promise.reject(declined) }),
    })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.isError).toBe(true)
    expect(result.current.error?.name).toBe('SignatureRejectedError')
    expect(result.current.data).toBeUndefined()
  })

  test('behavior: select receives the values, its result is data, and it re-renders only when that changes', async () => {
    const { result, client } = await renderReady(() => {
      const renders = useRef(0)
      renders.current++
      return {
        count: useThreads({
          select: (threads) => threads.filter((thread) => thread.topic.endsWith('1')).length,
        }),
        renders: renders.current,
      }
    })
    expect(result.current.value.count.data).toBe(0)
    await act(async () => client.pushRemote(account, 'threads', [makeThread(1)]))
    await waitFor(() => expect(result.current.value.count.data).toBe(1))
    const renders = result.current.value.renders
    await act(async () => client.pushRemote(account, 'threads', [makeThread(2)]))
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(result.current.value.renders).toBe(renders)
  })

  test('behavior: a select written inline keeps its data across renders while the result is the same', async () => {
    const { result, client, rerender } = await renderReady(() =>
      useThreads({ select: (threads) => threads.map((thread) => thread.topic) }),
    )
    await act(async () => client.pushRemote(account, 'threads', [makeThread(1), makeThread(2)]))
    await waitFor(() => expect(result.current.value.data).toHaveLength(2))
    const before = result.current.value.data
    rerender()
    rerender()
    expect(result.current.value.data).toBe(before)
  })

  test('behavior: unsyncedKeys holds the keys whose writes the relay has not accepted yet', async () => {
    const client = createMemoryChatSyncClient({ registered: [account], writes: 'retry' })
    const { result } = renderHook(() => useThreads(), { wrapper: providerWrapper(client) })
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(result.current.unsyncedKeys.size).toBe(0)
    const thread = makeThread(3)
    await act(() => result.current.set.mutateAsync(thread))
    expect([...result.current.unsyncedKeys]).toEqual([thread.topic])
  })

  test("behavior: writes show in the app's QueryClient (useIsMutating, the mutation cache)", async () => {
    const client = createMemoryChatSyncClient({ registered: [account], writes: 'hang' })
    const queryClient = new QueryClient()
    const { result } = renderHook(() => ({ threads: useThreads(), mutating: useIsMutating() }), {
      wrapper: providerWrapper(client, {}, queryClient),
    })
    await waitFor(() => expect(result.current.threads.status).toBe('success'))
    act(() => result.current.threads.set.mutate(makeThread(4)))
    await waitFor(() => expect(result.current.mutating).toBe(1))
    expect(
      queryClient.getMutationCache().findAll({ mutationKey: ['chatsync', 'set', 'threads'] }),
    ).toHaveLength(1)
  })

  test('behavior: an invalid value is the mutation error, typed, and nothing is written', async () => {
    const { result } = await renderReady(() => useThreads())
    const invalid = { ...makeThread(1), topic: 7 } as unknown as Thread
    act(() => result.current.value.set.mutate(invalid))
    await waitFor(() => expect(result.current.value.set.error).not.toBeNull())
    const error = result.current.value.set.error
    expect(error?.name).toBe('PayloadValidationError')
    if (error?.name === 'PayloadValidationError')
      expect(error.issues).toEqual([{ path: ['topic'], problem: 'expected string, received number' }])
    expect(result.current.value.data).toEqual([])
  })

  test('behavior: writes without an account fail with AccountNotSetError', async () => {
    const client = createMemoryChatSyncClient()
    const { result } = renderHook(() => useThreads(), {
      wrapper: ({ children }) => <ChatSyncProvider client={client}>{children}</ChatSyncProvider>,
    })
    await expect(result.current.set.mutateAsync(makeThread(1))).rejects.toMatchObject({
      name: 'AccountNotSetError',
    })
  })

  test('behavior: sent invites are newest first by timestamp', async () => {
    const { result, client } = await renderReady(() => useSentInvites())
    await act(async () =>
      client.pushRemote(account, 'sentInvites', [
        makeSentInvite(1, 10),
        makeSentInvite(2, 30),
        makeSentInvite(3, 20),
      ]),
    )
    await waitFor(() => expect(result.current.value.data?.map((invite) => invite.id)).toEqual([2, 3, 1]))
  })

  test('behavior: a change in one store does not re-render readers of another; a remote batch renders once', async () => {
    const { client, wrapper } = setupRegistered()
    const renders = { threads: 0, inviteKeys: 0 }
    const view = render(
      wrapper({
        children: (
          <>
            <Status />
            <ThreadCount onRender={() => renders.threads++} />
            <InviteKeyCount onRender={() => renders.inviteKeys++} />
          </>
        ),
      }),
    )
    await view.findByText(`ready ${account}`)
    const before = { ...renders }
    await act(async () =>
      client.pushRemote(
        account,
        'threads',
        Array.from({ length: 200 }, (_, i) => makeThread(i)),
      ),
    )
    await view.findByText('threads: 200')
    expect(renders.threads - before.threads).toBe(1)
    expect(renders.inviteKeys - before.inviteKeys).toBe(0)
  })

  test('behavior: remote batches arriving close together render once', async () => {
    vi.useFakeTimers()
    try {
      const { client, wrapper } = setupRegistered()
      let renders = 0
      const view = render(<ThreadCount onRender={() => renders++} />, { wrapper })
      await act(() => vi.advanceTimersByTimeAsync(0))
      const before = renders
      await act(async () => {
        for (let i = 0; i < 50; i++) {
          client.pushRemote(account, 'threads', [makeThread(i)])
          await vi.advanceTimersByTimeAsync(0)
        }
        await vi.advanceTimersByTimeAsync(20)
      })
      expect(view.getByText('threads: 50')).toBeTruthy()
      expect(renders - before).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })

  test('behavior: switching accounts shows only the threads of the new account', async () => {
    const client = createMemoryChatSyncClient({ registered: [account, otherAccount] })
    client.pushRemote(account, 'threads', [makeThread(1), makeThread(2)])
    client.pushRemote(otherAccount, 'threads', [makeThread(3, otherAccount)])
    const view = (current: string) => (
      <ChatSyncProvider client={client} account={current}>
        <Status />
        <ThreadCount />
      </ChatSyncProvider>
    )
    const { rerender, findByText } = render(view(account))
    await findByText('threads: 2')
    rerender(view(otherAccount))
    await findByText(`ready ${otherAccount}`)
    await findByText('threads: 1')
  })

  test('behavior: outside the provider it throws ChatSyncProviderNotFoundError', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useThreads())).toThrowError(
      expect.objectContaining({ name: 'ChatSyncProviderNotFoundError' }),
    )
    vi.mocked(console.error).mockRestore()
  })
})
