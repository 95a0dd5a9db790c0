// @vitest-environment jsdom
import { ChatSyncProvider } from '@chatsync/react'
import { createWallet, type TestWallet, waitFor } from '@chatsync/test'
import { createCleanup, startTestCore } from '@chatsync/test/node'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { StrictMode, useState } from 'react'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  acceptInvite,
  type ChatConfig,
  createChatConfig,
  getChatState,
  sendInvite,
  sendMessage,
} from '../src/index.js'
import {
  type UseChatThreadReturnType,
  type UseReceivedInvitesReturnType,
  type UseSendInviteReturnType,
  useChat,
  useChatThread,
  useChatThreads,
  useReceivedInvites,
  useSendInvite,
} from '../src/react/index.js'
import { type ChatDevice, startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

/*
 * The hooks of `@chatsync/chat/react` on Alice's device (a real core, the provider on a chat config),
 * with Bob on a device of his own: invites both ways through the hooks, then the render counts of two
 * thread components while messages arrive in one of them.
 */

const cleanup = createCleanup()
afterAll(cleanup.run)

let relay: Awaited<ReturnType<typeof startChatRelay>>
let alice: TestWallet
let bob: TestWallet
let bobDevice: ChatDevice
let config: ChatConfig
const signed: string[] = []

/** What the components hand to the test, and how often each thread component rendered. */
const seen: {
  invites?: UseReceivedInvitesReturnType
  sendInvite?: UseSendInviteReturnType
  threads: Record<string, UseChatThreadReturnType>
  renders: Record<string, number>
  /** What a `select` written inline (a new function each render) gave, and a way to render App again. */
  inline?: readonly string[] | undefined
  rerender?: () => void
} = { threads: {}, renders: {} }

function Thread({ topic }: { topic: string }) {
  const thread = useChatThread({ topic })
  seen.threads[topic] = thread
  seen.renders[topic] = (seen.renders[topic] ?? 0) + 1
  return <p>{`${topic.slice(0, 6)}: ${thread.data?.messages.map((m) => m.message).join('|') ?? ''}`}</p>
}

const selectTopics = (threads: readonly { topic: string }[]) => threads.map((thread) => thread.topic)

function App() {
  const chat = useChat()
  const threads = useChatThreads({ select: selectTopics })
  const [, setTick] = useState(0)
  seen.rerender = () => setTick((tick) => tick + 1)
  seen.inline = useChatThreads({ select: (list) => list.map((thread) => thread.topic) }).data
  seen.invites = useReceivedInvites()
  seen.sendInvite = useSendInvite()
  return (
    <section>
      <p>{`chat ${chat.status} ${threads.status}`}</p>
      {(threads.data ?? []).map((topic) => (
        <Thread key={topic} topic={topic} />
      ))}
    </section>
  )
}

beforeAll(async () => {
  relay = await startChatRelay(cleanup)
  ;[alice, bob] = await Promise.all([createWallet(), createWallet()])
  bobDevice = await startChatDevice(cleanup, relay, bob)
  const { core } = cleanup.trackCore(await startTestCore(relay.url))
  config = createChatConfig({
    core,
    account: alice.account,
    signer: {
      signMessage: ({ message }) => {
        signed.push(message)
        return alice.wallet.signMessage({ message })
      },
    },
    keysServerUrl: relay.keysUrl,
    chat: { domain: 'chat.test' },
  })
  const view = render(
    <StrictMode>
      <QueryClientProvider client={new QueryClient()}>
        <ChatSyncProvider config={config}>
          <App />
        </ChatSyncProvider>
      </QueryClientProvider>
    </StrictMode>,
  )
  cleanup.add(async () => {
    view.unmount()
    // Unmounting stops the chat without waiting: destroy waits for what it still writes to the core's
    // storage, whose directory is removed next.
    await config.chat.destroy()
    await config.client.destroy()
  })
  await screen.findByText('chat ready success', undefined, { timeout: 20_000 })
  await waitFor(() => getChatState(config.chat).inviteKey !== undefined, { what: 'Alice’s invite key' })
})

describe('@chatsync/chat/react on a real core', () => {
  test('default: an invite sent through useSendInvite, accepted by Bob, opens a thread the hooks show', async () => {
    // Two signatures on this device (sync, then identity), each once under StrictMode.
    expect(signed).toHaveLength(2)
    const sent = await act(() =>
      seen.sendInvite!.mutateAsync({ inviteeAccount: bob.account, message: 'Hi Bob' }),
    )
    expect(sent).toMatchObject({ status: 'pending', inviteeAccount: bob.account, message: 'Hi Bob' })
    await waitForChat(bobDevice, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on Bob')
    const { topic } = await acceptInvite(bobDevice.chat, { id: sent.id })
    await screen.findByText(`${topic.slice(0, 6)}:`, undefined, { timeout: 10_000 })
    expect(seen.threads[topic]).toMatchObject({
      status: 'success',
      isSuccess: true,
      isPending: false,
      fetchStatus: 'idle',
      data: { topic, selfAccount: alice.account, peerAccount: bob.account, messages: [] },
    })
  })

  test('behavior: a received invite shows with its status, and is accepted through useReceivedInvites', async () => {
    const sent = await sendInvite(bobDevice.chat, { inviteeAccount: alice.account, message: 'Another?' })
    await act(() =>
      waitFor(() => seen.invites?.data?.some((invite) => invite.id === sent.id) === true, {
        what: 'the invite in useReceivedInvites',
      }),
    )
    expect(seen.invites?.data?.find((invite) => invite.id === sent.id)).toMatchObject({
      message: 'Another?',
      inviterAccount: bob.account,
      status: 'pending',
      isAnswering: false,
    })
    await act(() => seen.invites!.accept.mutateAsync({ id: sent.id }))
    await act(() =>
      waitFor(() => seen.invites?.data?.find((invite) => invite.id === sent.id)?.status === 'approved', {
        what: 'the invite approved',
      }),
    )
    // The mutation's result reaches the component on TanStack's next notification (a timer), which the
    // invite's approved status, written before the answer is published, can precede.
    await act(() =>
      waitFor(() => seen.invites?.accept.status === 'success', { what: 'the accept mutation’s success' }),
    )
    await waitFor(() => Object.keys(seen.threads).length === 2, { what: 'two threads shown' })
    // Answered already: a typed error in the mutation's state.
    await act(() => seen.invites!.reject.mutateAsync({ id: sent.id }).catch(() => undefined))
    await act(() =>
      waitFor(() => seen.invites?.reject.isError === true, { what: 'the rejection’s error state' }),
    )
    expect(seen.invites?.reject.error?.name).toBe('ChatNotFoundError')
  })

  test('behavior: messages in one thread re-render that thread only', async () => {
    const [first, second] = Object.keys(seen.threads) as [string, string]
    const before = { ...seen.renders }
    for (let n = 1; n <= 5; n++) await sendMessage(bobDevice.chat, { topic: second, message: `m${n}` })
    await screen.findByText(`${second.slice(0, 6)}: m1|m2|m3|m4|m5`, undefined, { timeout: 10_000 })
    expect(seen.renders[first]).toBe(before[first])
    expect(seen.renders[second]).toBeGreaterThan(before[second]!)

    const afterSecond = seen.renders[second]
    await sendMessage(bobDevice.chat, { topic: first, message: 'to the first' })
    await screen.findByText(`${first.slice(0, 6)}: to the first`, undefined, { timeout: 10_000 })
    expect(seen.renders[first]).toBeGreaterThan(before[first]!)
    expect(seen.renders[second]).toBe(afterSecond)
  })

  test('behavior: sending through useChatThread shows the message; limits and blanks are typed errors', async () => {
    const [first] = Object.keys(seen.threads) as [string]
    const sent = await act(() => seen.threads[first]!.sendMessage.mutateAsync({ message: 'from Alice' }))
    expect(sent).toMatchObject({ message: 'from Alice', authorAccount: alice.account })
    await waitForChat(
      bobDevice,
      (s) => s.threads[first]?.messages.some((m) => m.message === 'from Alice') === true,
      'Alice’s message on Bob',
    )
    await act(() => waitFor(() => seen.threads[first]!.data!.messages.at(-1)?.status === 'delivered'))

    await act(async () => {
      seen.threads[first]!.sendMessage.mutate({ message: ' \n ' })
    })
    await act(() => waitFor(() => seen.threads[first]!.sendMessage.isError))
    expect(seen.threads[first]!.sendMessage.error?.name).toBe('EmptyMessageError')
    await act(async () => {
      seen.threads[first]!.sendMessage.mutate({ message: 'x'.repeat(5000) })
    })
    await act(() =>
      waitFor(() => seen.threads[first]!.sendMessage.error?.name === 'MessageTooLongError', {
        what: 'MessageTooLongError',
      }),
    )
    expect(seen.threads[first]!.sendMessage.error).toMatchObject({ limit: 1000, length: 5000 })
    await act(async () => {
      seen.sendInvite!.mutate({ inviteeAccount: 'bob', message: 'hi' })
    })
    await act(() => waitFor(() => seen.sendInvite!.isError))
    expect(seen.sendInvite!.error).toMatchObject({ name: 'InvalidInviteeError', reason: 'not-an-account' })
    // Nothing of that reached Bob.
    expect(getChatState(bobDevice.chat).threads[first]?.messages.map((m) => m.message)).not.toContain(
      'x'.repeat(5000),
    )
  })

  test('behavior: a select written inline keeps its data while the result is the same, as TanStack’s', () => {
    const before = seen.inline
    expect(before?.length).toBeGreaterThan(0)
    act(() => seen.rerender!())
    act(() => seen.rerender!())
    expect(seen.inline).toBe(before)
  })
})
