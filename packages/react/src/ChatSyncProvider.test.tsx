import {
  type ChatSyncCore,
  createChatSyncConfig,
  IncomingMessageError,
  RelayRequestError,
} from '@chatsync/core'
import {
  account,
  createMemoryChatSyncClient,
  type MemoryChatSyncClient,
  makeThread,
  otherAccount,
} from '@chatsync/test'
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { act, render, waitFor } from '@testing-library/react'
import { Component, type ReactNode, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'
import pkg from '../package.json' with { type: 'json' }
import { ChatSyncProvider } from './ChatSyncProvider.js'
import { useChatSync } from './hooks/useChatSync.js'
import { useThreads } from './hooks/useThreads.js'
import { version } from './version.js'

function App({ client }: { client: MemoryChatSyncClient }) {
  return (
    <ChatSyncProvider client={client} account={account} signMessage={async () => '0x1'}>
      <Threads />
    </ChatSyncProvider>
  )
}

function Threads() {
  const { status } = useChatSync()
  const { data } = useThreads()
  return <p>{`${status}: ${(data ?? []).map((thread) => thread.topic.slice(-2)).join(',')}`}</p>
}

function Account() {
  const state = useChatSync()
  return <p>{state.account}</p>
}

/** Hands the nearest QueryClient over. */
function UsesQueryClient({ onClient }: { onClient: (client: QueryClient) => void }) {
  onClient(useQueryClient())
  return null
}

/** A hook used outside the provider: hands what it threw over (an error boundary would catch it). */
class Boundary extends Component<
  { onError: (error: unknown) => void; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override componentDidCatch(error: unknown) {
    this.props.onError(error)
  }
  override render() {
    return this.state.failed ? null : this.props.children
  }
}

function ReadsThreads() {
  useThreads()
  return null
}

function OutsideTheProvider({ onError }: { onError: (error: unknown) => void }) {
  return (
    <Boundary onError={onError}>
      <ReadsThreads />
    </Boundary>
  )
}

describe('ChatSyncProvider', () => {
  test("default: a config made outside React, the app's QueryClientProvider, the hooks", async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    client.pushRemote(account, 'threads', [makeThread(1)])
    const config = createChatSyncConfig({ client, account })
    const queryClient = new QueryClient()
    let seen: QueryClient | undefined
    const view = render(
      <QueryClientProvider client={queryClient}>
        <ChatSyncProvider config={config}>
          <Threads />
          <UsesQueryClient onClient={(client) => (seen = client)} />
        </ChatSyncProvider>
      </QueryClientProvider>,
    )
    await waitFor(() => expect(view.container.textContent).toBe('ready: 01'))
    expect(seen).toBe(queryClient)
    expect(config.getState()).toMatchObject({ status: 'ready', account })
    view.unmount()
  })

  test('behavior: without a QueryClientProvider above it, it provides a QueryClient of its own to its children', async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    let seen: QueryClient | undefined
    const view = render(
      <ChatSyncProvider client={client} account={account}>
        <UsesQueryClient onClient={(queryClient) => (seen = queryClient)} />
      </ChatSyncProvider>,
    )
    expect(seen).toBeInstanceOf(QueryClient)
    view.unmount()
  })

  test('behavior: a hook outside the provider throws an error that names @chatsync/react and its version', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    let error: unknown
    render(<OutsideTheProvider onError={(caught) => (error = caught)} />)
    expect(error).toMatchObject({
      name: 'ChatSyncProviderNotFoundError',
      version: `@chatsync/react@${pkg.version}`,
    })
    expect((error as Error).message).toContain(`Version: @chatsync/react@${pkg.version}`)
    expect(version).toBe(pkg.version)
    vi.mocked(console.error).mockRestore()
  })

  test('behavior: server rendering touches neither the client nor storage, and hydrates without mismatch', async () => {
    const server = createMemoryChatSyncClient({ registered: [account] })
    server.pushRemote(account, 'threads', [makeThread(1)])
    const subscribe = vi.spyOn(server, 'on')
    const getSnapshot = vi.spyOn(server, 'getSnapshot')
    const html = renderToString(<App client={server} />)
    expect(html).toMatchInlineSnapshot(`"<p>idle: </p>"`)
    expect(server.calls).toEqual({ restore: 0, register: 0, unregister: 0 })
    expect(subscribe).not.toHaveBeenCalled()
    expect(getSnapshot).not.toHaveBeenCalled()

    const browser = createMemoryChatSyncClient({ registered: [account] })
    browser.pushRemote(account, 'threads', [makeThread(1), makeThread(2)])
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const consoleError = vi.spyOn(console, 'error')
    const recoverable = vi.fn()
    const root = await act(async () =>
      hydrateRoot(container, <App client={browser} />, { onRecoverableError: recoverable }),
    )
    await waitFor(() => expect(container.textContent).toBe('ready: 01,02'))
    expect(consoleError).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    act(() => root.unmount())
    container.remove()
  })

  test('behavior: the account prop in any spelling is one account: its state, no new signature on a respelling', async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    client.pushRemote(account, 'threads', [makeThread(1)])
    const signMessage = vi.fn(async () => '0x1')
    const tree = (spelling: string) => (
      <ChatSyncProvider client={client} account={spelling} signMessage={signMessage}>
        <Threads />
        <Account />
      </ChatSyncProvider>
    )
    const view = render(tree(account.toLowerCase()))
    await waitFor(() => expect(view.container.textContent).toBe(`ready: 01${account}`))
    view.rerender(tree(account))
    view.rerender(tree(`eip155:1:0x${account.slice(11).toUpperCase()}`))
    expect(view.container.textContent).toBe(`ready: 01${account}`)
    expect(client.calls).toEqual({ restore: 1, register: 0, unregister: 0 })
    expect(signMessage).not.toHaveBeenCalled()
    view.unmount()
  })

  test('behavior: with a bare core, rendering (on the server or before mount) never touches the core', () => {
    const touched: PropertyKey[] = []
    const core = new Proxy({} as ChatSyncCore, {
      get(_target, property) {
        touched.push(property)
        throw new Error('the core was used during render')
      },
    })
    const html = renderToString(
      <StrictMode>
        <ChatSyncProvider core={core} account={account} signMessage={async () => '0x1'}>
          <Threads />
        </ChatSyncProvider>
      </StrictMode>,
    )
    expect(html).toBe('<p>idle: </p>')
    expect(touched).toEqual([])
  })

  test("behavior: onError gets the account's background errors, state intact, from the latest callback", async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    client.pushRemote(account, 'threads', [makeThread(1)])
    const first = vi.fn()
    const latest = vi.fn()
    const tree = (onError: typeof first) => (
      <StrictMode>
        <ChatSyncProvider client={client} account={account} signMessage={async () => '0x1'} onError={onError}>
          <Threads />
        </ChatSyncProvider>
      </StrictMode>
    )
    const view = render(tree(first))
    await waitFor(() => expect(view.container.textContent).toBe('ready: 01'))
    // StrictMode mounted twice; one listener remains.
    expect(client.errorListenerCount()).toBe(1)

    const dropped = new IncomingMessageError({ account, store: 'threads', reason: 'undecryptable' })
    act(() => client.reportError({ account, error: dropped }))
    expect(first).toHaveBeenCalledExactlyOnceWith(dropped, { account })

    view.rerender(tree(latest))
    const failed = new RelayRequestError({ operation: 'fetch', account, cause: undefined })
    act(() => {
      client.reportError({ account: otherAccount, error: failed })
      client.reportError({ account, error: failed })
    })
    expect(latest).toHaveBeenCalledExactlyOnceWith(failed, { account })
    expect(first).toHaveBeenCalledTimes(1)
    expect(view.container.textContent).toBe('ready: 01')

    view.unmount()
    expect(client.errorListenerCount()).toBe(0)
  })
})
