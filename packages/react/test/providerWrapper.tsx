import type { SessionClient } from '@chatsync/core'
import { account, createMemoryChatSyncClient } from '@chatsync/test'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ChatSyncProvider, type ChatSyncProviderProps } from '../src/ChatSyncProvider.js'

/**
 * A `wrapper` for `render`/`renderHook`: the app's `QueryClientProvider` (a new client) and
 * `<ChatSyncProvider>` on `client` for the fixtures' `account`, with any other `props`.
 */
export function providerWrapper(
  client: SessionClient,
  props: Omit<
    Partial<ChatSyncProviderProps>,
    'core' | 'storage' | 'nativeCrypto' | 'config' | 'signClient' | 'client'
  > = {},
  queryClient = new QueryClient(),
) {
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ChatSyncProvider client={client} account={account} {...props}>
        {children}
      </ChatSyncProvider>
    </QueryClientProvider>
  )
}

/** An in-memory client on which `account` is registered already, and its `wrapper`. */
export function setupRegistered() {
  const client = createMemoryChatSyncClient({ registered: [account] })
  return { client, wrapper: providerWrapper(client) }
}
