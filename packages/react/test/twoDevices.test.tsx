import { CHAT_STORES, type ChatSyncReportedErrorType, createChatSync } from '@chatsync/core'
import { createWallet, makeThread, storeKeysOf } from '@chatsync/test'
import { createCleanup, publishRaw, sharedRelayUrl, startTestCore, type TestCore } from '@chatsync/test/node'
import { act, render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { ChatSyncProvider } from '../src/ChatSyncProvider.js'
import { useChatSync } from '../src/hooks/useChatSync.js'
import { type UseThreadsReturnType, useThreads } from '../src/hooks/useThreads.js'

const { wallet, account, signature } = await createWallet(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)
const { wallet: stranger } = await createWallet(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
)

/** One device: its status, its threads, and its `useThreads` result handed to the test. */
function Device({ name, onThreads }: { name: string; onThreads?: (threads: UseThreadsReturnType) => void }) {
  const { status, error } = useChatSync()
  const threads = useThreads()
  onThreads?.(threads)
  return (
    <section aria-label={name}>
      <p>{`${name} ${status}${error ? ` ${error.name}` : ''}`}</p>
      <p>{`${name} threads: ${(threads.data ?? []).map((thread) => thread.topic.slice(-4)).join(',') || 'none'}`}</p>
    </section>
  )
}

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const cores: TestCore[] = []

beforeAll(async () => {
  for (let i = 0; i < 3; i++) cores.push(cleanup.trackCore(await startTestCore(relayUrl)))
})

afterAll(cleanup.run)

describe('two devices through the dev relay', () => {
  test('default: a write in one provider shows up in another with its own core (StrictMode, one signature each)', async () => {
    const [deviceA, deviceB] = cores as [(typeof cores)[0], (typeof cores)[0]]
    // Device A's provider creates its client from the core; device B's app creates its own.
    const clientB = createChatSync({ core: deviceB.core })
    const signA = vi.fn((message: string) => wallet.signMessage({ message }))
    const signB = vi.fn((message: string) => wallet.signMessage({ message }))
    let threadsA: UseThreadsReturnType | undefined
    let threadsB: UseThreadsReturnType | undefined
    const view = render(
      <StrictMode>
        <ChatSyncProvider core={deviceA.core} account={account} signMessage={signA}>
          <Device name="A" onThreads={(threads) => (threadsA = threads)} />
        </ChatSyncProvider>
        <ChatSyncProvider client={clientB} account={account} signMessage={signB}>
          <Device name="B" onThreads={(threads) => (threadsB = threads)} />
        </ChatSyncProvider>
      </StrictMode>,
    )
    await screen.findByText('A ready', undefined, { timeout: 15_000 })
    await screen.findByText('B ready', undefined, { timeout: 15_000 })

    const thread = makeThread(1, account)
    await act(() => threadsA!.set.mutateAsync(thread))
    expect(screen.getByText(`A threads: ${thread.topic.slice(-4)}`)).toBeTruthy()
    await screen.findByText(`B threads: ${thread.topic.slice(-4)}`, undefined, { timeout: 10_000 })
    expect(threadsB?.data).toEqual([thread])

    await act(() => threadsB!.remove.mutateAsync(thread.topic))
    await screen.findByText('A threads: none', undefined, { timeout: 10_000 })
    expect(signA).toHaveBeenCalledTimes(1)
    expect(signB).toHaveBeenCalledTimes(1)
    view.unmount()
    await clientB.destroy()
  })

  test('behavior: a new client on the same core restores without a new signature', async () => {
    const [, deviceB] = cores as [(typeof cores)[0], (typeof cores)[0]]
    const client = createChatSync({ core: deviceB.core })
    const sign = vi.fn((message: string) => wallet.signMessage({ message }))
    const view = render(
      <ChatSyncProvider client={client} account={account} signMessage={sign}>
        <Device name="B" />
      </ChatSyncProvider>,
    )
    await screen.findByText('B ready', undefined, { timeout: 15_000 })
    expect(sign).not.toHaveBeenCalled()
    view.unmount()
    await client.destroy()
  })

  test('behavior: a signature by another account is an error naming the mismatch', async () => {
    const [, , deviceC] = cores as [(typeof cores)[0], (typeof cores)[0], (typeof cores)[0]]
    const view = render(
      <ChatSyncProvider
        core={deviceC.core}
        account={account}
        signMessage={(message) => stranger.signMessage({ message })}
      >
        <Device name="C" />
      </ChatSyncProvider>,
    )
    await screen.findByText('C error SignatureMismatchError', undefined, { timeout: 15_000 })
    view.unmount()
  })

  test('behavior: a malformed message on a store topic reaches onError; state stays intact', async () => {
    const device = cleanup.trackCore(await startTestCore(relayUrl))
    cores.push(device)
    const [publisher] = cores as [(typeof cores)[0]]
    const errors: ChatSyncReportedErrorType[] = []
    let threads: UseThreadsReturnType | undefined
    const view = render(
      <ChatSyncProvider
        core={device.core}
        account={account}
        signMessage={(message) => wallet.signMessage({ message })}
        onError={(error) => errors.push(error)}
      >
        <Device name="D" onThreads={(result) => (threads = result)} />
      </ChatSyncProvider>,
    )
    await screen.findByText('D ready', undefined, { timeout: 15_000 })
    const thread = makeThread(7, account)
    await act(() => threads!.set.mutateAsync(thread))

    // Anyone who knows the topic can publish on it; the topic is not a secret, the key is.
    const { topic } = (await storeKeysOf(signature)).threads
    await publishRaw(publisher.core, topic, 'bm90IGFuIGVudmVsb3Bl', 5000, 300)
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 10_000 })
    expect(errors[0]).toMatchObject({
      name: 'IncomingMessageError',
      reason: 'undecryptable',
      store: CHAT_STORES.threads.name,
    })
    expect(threads?.data).toEqual([thread])
    expect(screen.getByText('D ready')).toBeTruthy()
    view.unmount()
  })
})
