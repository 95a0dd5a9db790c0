import type { Thread } from '@chatsync/core'
import { account, createMemoryChatSyncClient, makeSentInvite, makeThread, otherAccount } from '@chatsync/test'
import { act, render, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { InviteKeyCount, Status, ThreadCount } from '../../test/components.js'
import { setupRegistered } from '../../test/providerWrapper.js'
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
    expect(result.current.value.get(thread.topic)).toEqual(thread)
    expect(result.current.value.byKey[thread.topic]).toEqual(thread)
    expect(client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
    await act(() => result.current.value.remove.mutateAsync(thread.topic))
    expect(result.current.value.data).toEqual([])
    expect(result.current.value.get(thread.topic)).toBeUndefined()
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
    await waitFor(() => expect(result.current.value.data.map((invite) => invite.id)).toEqual([2, 3, 1]))
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
