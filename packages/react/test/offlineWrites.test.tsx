import { createWallet, makeThread, waitFor as waitUntil } from '@chatsync/test'
import { createCleanup, startDevice, startTestCore } from '@chatsync/test/node'
import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { afterEach, expect, test } from 'vitest'
import { ChatSyncProvider } from '../src/ChatSyncProvider.js'
import { useChatSync } from '../src/hooks/useChatSync.js'
import { type UseThreadsReturnType, useThreads } from '../src/hooks/useThreads.js'

/*
 * The browser says it is offline (TanStack's onlineManager: the `offline` event, common on phones and
 * trains). The hooks' writes must not wait for it: the engine applies and saves them at once and delivers
 * them once the relay answers, also after a reload made before the browser is back online.
 */

const cleanup = createCleanup()
afterEach(async () => {
  onlineManager.setOnline(true)
  await cleanup.run()
})

function Device({ onThreads }: { onThreads: (threads: UseThreadsReturnType) => void }) {
  const { status } = useChatSync()
  const threads = useThreads()
  onThreads(threads)
  return (
    <p>{`${status}: ${(threads.data ?? []).map((thread) => thread.topic.slice(-4)).join(',') || 'none'}`}</p>
  )
}

test('behavior: offline in the browser, a write through the hooks is applied and saved at once, survives a reload and reaches another device', {
  timeout: 60_000,
}, async () => {
  const relay = await cleanup.restartableRelay()
  const { wallet, account, signature } = await createWallet()
  const other = cleanup.track(await startDevice(relay.url))
  await other.client.register({ account, signature })
  const device = cleanup.trackCore(await startTestCore(relay.url))
  const signMessage = (message: string) => wallet.signMessage({ message })
  let threads: UseThreadsReturnType | undefined
  const app = (core: typeof device.core) => (
    <QueryClientProvider client={new QueryClient()}>
      <ChatSyncProvider core={core} account={account} signMessage={signMessage}>
        <Device onThreads={(result) => (threads = result)} />
      </ChatSyncProvider>
    </QueryClientProvider>
  )
  const first = render(app(device.core))
  await screen.findByText('ready: none', undefined, { timeout: 15_000 })

  await relay.stop()
  onlineManager.setOnline(false)
  const thread = makeThread(5, account)
  const written = await act(() => threads!.set.mutateAsync(thread))
  expect(written.key).toBe(thread.topic)
  expect(threads?.data).toEqual([thread])
  expect(threads?.unsyncedKeys.has(thread.topic)).toBe(true)

  // A reload before the browser is back online: the same storage, a new core and provider.
  first.unmount()
  await new Promise((resolve) => setTimeout(resolve, 50))
  await device.close()
  const reloaded = cleanup.trackCore(
    await startTestCore(relay.url, { dir: device.dir, prefix: device.prefix }),
  )
  render(app(reloaded.core))
  await screen.findByText(`syncing: ${thread.topic.slice(-4)}`, undefined, { timeout: 15_000 })
  expect(threads?.unsyncedKeys.has(thread.topic)).toBe(true)

  await relay.restart()
  onlineManager.setOnline(true)
  await waitUntil(
    () => other.client.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined,
    {
      timeoutMs: 30_000,
      what: 'the other device to receive the write made offline',
    },
  )
  expect(other.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
  await waitUntil(() => threads?.unsyncedKeys.size === 0, {
    timeoutMs: 15_000,
    what: 'the write to be synced',
  })
})
