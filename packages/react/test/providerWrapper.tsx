import type { SessionClient } from '@chatsync/core'
import { account, createMemoryChatSyncClient } from '@chatsync/test'
import { QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ChatSyncProvider, type ChatSyncProviderProps } from '../src/ChatSyncProvider.js'

/**
 * A `wrapper` for `render`/`renderHook`: `<ChatSyncProvider>` on `client` for the fixtures' `account`,
 * with a query client of its own, and any other `props`.
 */
export function providerWrapper(
  client: SessionClient,
  props: Omit<Partial<ChatSyncProviderProps>, 'core' | 'storage' | 'nativeCrypto'> = {},
) {
  return ({ children }: { children: ReactNode }) => (
    <ChatSyncProvider client={client} account={account} queryClient={new QueryClient()} {...props}>
      {children}
    </ChatSyncProvider>
  )
}

/** An in-memory client on which `account` is registered already, and its `wrapper`. */
export function setupRegistered() {
  const client = createMemoryChatSyncClient({ registered: [account] })
  return { client, wrapper: providerWrapper(client) }
}
