import { account, createMemoryChatSyncClient, makeSentInvite, makeThread, otherAccount } from '@chatsync/test'
import { QueryClient } from '@tanstack/react-query'
import { act, render, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { Status } from '../../test/components.js'
import { providerWrapper, setupRegistered } from '../../test/providerWrapper.js'
import { useChatSync } from './useChatSync.js'
import { useReceivedInviteStatus } from './useReceivedInviteStatus.js'
import { useSentInvite } from './useSentInvite.js'
import { useThread } from './useThread.js'
import { useThreads } from './useThreads.js'

const a = makeThread(1)
const b = makeThread(2)

/** Shows one thread's peer; counts its renders. */
function OneThread({ topic, renders }: { topic: string; renders: { count: number } }) {
  renders.count++
  const { data } = useThread({ topic })
  return <p>{`thread ${topic.slice(-2)}: ${data?.peerAccount ?? 'none'}`}</p>
}

/** Shows the topics of the threads with `peer` (a new array on every selection); counts its renders. */
function ThreadsWith({ peer, renders }: { peer: string; renders: { count: number } }) {
  renders.count++
  const { data } = useThreads({
    select: (threads) =>
      threads.filter((thread) => thread.peerAccount === peer).map((thread) => thread.topic),
  })
  return <p>{`with peer: ${data?.length ?? 0}`}</p>
}

/** The whole store, no selection; counts its renders. */
function AllThreads({ renders }: { renders: { count: number } }) {
  renders.count++
  return <p>{`all: ${useThreads().data?.length ?? 0}`}</p>
}

describe('selecting part of a store', () => {
  test('behavior: a component selecting thread A does not render when thread B changes; one selecting a list built anew only when its contents change', async () => {
    const { client, wrapper } = setupRegistered()
    const rendersA = { count: 0 }
    const rendersWith = { count: 0 }
    const rendersAll = { count: 0 }
    const view = render(
      wrapper({
        children: (
          <>
            <Status />
            <OneThread topic={a.topic} renders={rendersA} />
            <ThreadsWith peer={otherAccount} renders={rendersWith} />
            <AllThreads renders={rendersAll} />
          </>
        ),
      }),
    )
    await view.findByText(`ready ${account}`)
    await act(async () => client.pushRemote(account, 'threads', [a]))
    await view.findByText(`thread ${a.topic.slice(-2)}: ${otherAccount}`)
    await view.findByText('with peer: 1')
    const before = { a: rendersA.count, with: rendersWith.count, all: rendersAll.count }

    // B arrives, then changes to another peer: A's reader never renders; the list reader renders once
    // (B joined the list, then left it: its selection went 1 → 2 → 1).
    await act(async () => client.pushRemote(account, 'threads', [b]))
    await view.findByText('all: 2')
    await view.findByText('with peer: 2')
    await act(async () => client.pushRemote(account, 'threads', [{ ...b, peerAccount: account }]))
    await view.findByText('with peer: 1')
    expect(rendersA.count - before.a).toBe(0)
    expect(rendersWith.count - before.with).toBe(2)
    expect(rendersAll.count - before.all).toBe(2)

    // B changes again in a way the list reader does not select: only the whole-store reader renders.
    const afterList = rendersWith.count
    const allBefore = rendersAll.count
    await act(async () =>
      client.pushRemote(account, 'threads', [{ ...b, peerAccount: account, symKey: 'ff'.repeat(32) }]),
    )
    await waitFor(() => expect(rendersAll.count).toBe(allBefore + 1))
    expect(rendersWith.count).toBe(afterList)
    expect(rendersA.count - before.a).toBe(0)

    // A changes: now its reader renders.
    await act(async () => client.pushRemote(account, 'threads', [{ ...a, peerAccount: 'eip155:1:0xnew' }]))
    await view.findByText(`thread ${a.topic.slice(-2)}: eip155:1:0xnew`)
    expect(rendersA.count - before.a).toBe(1)
  })

  test('default: single-entry hooks read one entry (undefined while there is none) and write through', async () => {
    const { wrapper } = setupRegistered()
    const invite = makeSentInvite(7, 70)
    const { result } = renderHook(
      () => ({
        sync: useChatSync(),
        thread: useThread({ topic: a.topic }),
        invite: useSentInvite({ responseTopic: invite.responseTopic }),
        status: useReceivedInviteStatus({ id: 42 }),
      }),
      { wrapper },
    )
    await waitFor(() => expect(result.current.sync.status).toBe('ready'))
    expect(result.current.thread.data).toBeUndefined()
    await act(() => result.current.thread.set.mutateAsync(a))
    await act(() => result.current.invite.set.mutateAsync(invite))
    await act(() => result.current.status.set.mutateAsync({ id: 42, status: 'rejected' }))
    expect(result.current.thread.data).toEqual(a)
    expect(result.current.invite.data).toEqual(invite)
    expect(result.current.status.data).toEqual({ id: 42, status: 'rejected' })
    await act(() => result.current.thread.remove.mutateAsync())
    expect(result.current.thread.data).toBeUndefined()
  })

  test("behavior: a row's set is bound to its key: another entry's value fails with StoreKeyMismatchError", async () => {
    const { wrapper, client } = setupRegistered()
    const { result } = renderHook(() => ({ sync: useChatSync(), thread: useThread({ topic: a.topic }) }), {
      wrapper,
    })
    await waitFor(() => expect(result.current.sync.status).toBe('ready'))
    act(() => result.current.thread.set.mutate(b))
    await waitFor(() => expect(result.current.thread.set.isError).toBe(true))
    expect(result.current.thread.set.error?.name).toBe('StoreKeyMismatchError')
    expect(client.getSnapshot({ account }).stores.threads.entries[b.topic]).toBeUndefined()
  })

  test("behavior: a row's result keeps its identity while nothing it shows changes, and spreads as a plain object", async () => {
    const { wrapper, client } = setupRegistered()
    const { result, rerender } = renderHook(
      () => ({ sync: useChatSync(), thread: useThread({ topic: a.topic }) }),
      { wrapper },
    )
    await waitFor(() => expect(result.current.sync.status).toBe('ready'))
    await act(async () => client.pushRemote(account, 'threads', [a]))
    await waitFor(() => expect(result.current.thread.data).toEqual(a))
    const shown = result.current.thread
    rerender()
    await act(async () => client.pushRemote(account, 'threads', [b]))
    expect(result.current.thread).toBe(shown)
    expect(Object.keys(shown)).toEqual([
      'data',
      'error',
      'status',
      'fetchStatus',
      'isPending',
      'isSuccess',
      'isError',
      'isLoading',
      'isFetching',
      'isPaused',
      'isSynced',
      'set',
      'remove',
    ])
    const { remove, ...query } = { ...shown }
    expect(query).toEqual({
      data: a,
      error: null,
      status: 'success',
      fetchStatus: 'idle',
      isPending: false,
      isSuccess: true,
      isError: false,
      isLoading: false,
      isFetching: false,
      isPaused: false,
      isSynced: true,
      set: expect.objectContaining({ status: 'idle', mutate: expect.any(Function) }),
    })
    expect({ ...remove }).toMatchObject({
      status: 'idle',
      isIdle: true,
      mutate: expect.any(Function),
      mutateAsync: expect.any(Function),
      reset: expect.any(Function),
    })
  })

  test("behavior: a row's writes work detached and follow the row to another key", async () => {
    const { wrapper, client } = setupRegistered()
    const { result, rerender } = renderHook(
      ({ topic }: { topic: string }) => ({ sync: useChatSync(), thread: useThread({ topic }) }),
      { wrapper, initialProps: { topic: a.topic } },
    )
    await waitFor(() => expect(result.current.sync.status).toBe('ready'))
    const { mutateAsync } = result.current.thread.set
    await act(() => mutateAsync(a))
    expect(result.current.thread.data).toEqual(a)
    rerender({ topic: b.topic })
    expect(result.current.thread.data).toBeUndefined()
    await act(() => result.current.thread.set.mutateAsync(b))
    expect(result.current.thread.data).toEqual(b)
    const { mutate: remove } = result.current.thread.remove
    act(() => remove())
    await waitFor(() => expect(result.current.thread.data).toBeUndefined())
    const entries = client.getSnapshot({ account }).stores.threads.entries
    expect(entries[a.topic]).toEqual(a)
    expect(entries[b.topic]).toBeUndefined()
  })

  test('behavior: rows hold no mutation observer until they write; a write shows in the mutation cache', async () => {
    const client = createMemoryChatSyncClient({ registered: [account], writes: 'retry' })
    const queryClient = new QueryClient()
    let observersAdded = 0
    queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'observerAdded') observersAdded++
    })
    const { result } = renderHook(
      () => ({ sync: useChatSync(), rows: [a, b].map((thread) => useThread({ topic: thread.topic })) }),
      { wrapper: providerWrapper(client, {}, queryClient) },
    )
    await waitFor(() => expect(result.current.sync.status).toBe('ready'))
    expect(queryClient.getMutationCache().getAll()).toHaveLength(0)
    expect(observersAdded).toBe(0)
    expect(result.current.rows[0]?.set).toMatchObject({ status: 'idle', isIdle: true, isPending: false })
    // Reading a write's functions makes no observer either.
    expect(result.current.rows[1]?.set.mutate).toBeTypeOf('function')
    expect(result.current.rows[1]?.remove.mutateAsync).toBeTypeOf('function')
    expect(observersAdded).toBe(0)
    await act(() => result.current.rows[0]!.set.mutateAsync(a))
    expect(result.current.rows[0]?.set).toMatchObject({ status: 'success', isSuccess: true })
    expect(
      queryClient.getMutationCache().findAll({ mutationKey: ['chatsync', 'set', 'threads', a.topic] }),
    ).toHaveLength(1)
    expect(observersAdded).toBe(1)
    // Its functions keep their identity across renders (effects may depend on them), as TanStack's do.
    const { mutate, mutateAsync } = result.current.rows[1]!.set
    act(() => result.current.rows[0]!.remove.reset())
    expect(result.current.rows[1]?.set.mutate).toBe(mutate)
    expect(result.current.rows[1]?.set.mutateAsync).toBe(mutateAsync)
    // Not delivered (the relay refuses): the row shows it as not synced yet; the other row as synced.
    expect(result.current.rows[0]?.isSynced).toBe(false)
    expect(result.current.rows[1]?.isSynced).toBe(true)
  })

  test('behavior: a key the store does not hold, such as __proto__, reads as undefined', async () => {
    const { wrapper } = setupRegistered()
    const { result } = renderHook(
      () => ({ sync: useChatSync(), thread: useThread({ topic: '__proto__' }) }),
      {
        wrapper,
      },
    )
    await waitFor(() => expect(result.current.sync.status).toBe('ready'))
    expect(result.current.thread.data).toBeUndefined()
  })
})
