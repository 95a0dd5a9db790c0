'use client'
import {
  type ChatSyncConfig,
  type ChatSyncCore,
  type ChatSyncReportedErrorType,
  type ChatSyncStorage,
  createChatSyncConfig,
  createSigner,
  type NativeCrypto,
  type SessionClient,
  type Signer,
  SignerNotConfiguredError,
  type SignRequester,
  type WatchErrorsEvent,
  watchErrors,
} from '@chatsync/core'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useRef, useState } from 'react'
import { ChatSyncContext } from './context.js'

export type ChatSyncProviderProps = {
  children?: ReactNode
  /**
   * The CAIP-10 account whose chat state is synced, in any spelling: its canonical form is used
   * (`normalizeAccount`), so another spelling of the same account is no switch. Changing it switches accounts.
   */
  account?: string | undefined
  /** A Sign API session topic of the sign client: the wallet is asked for `personal_sign` of the sync message. */
  sessionTopic?: string | undefined
  /** @deprecated Use `sessionTopic`. */
  session?: string | undefined
  /** A local signer (a viem account, or an app running inside the wallet), instead of `sessionTopic`. */
  signMessage?: ((message: string) => Promise<string>) | undefined
  /**
   * Background errors of the account: a dropped incoming message (`IncomingMessageError`), a failed
   * catch-up or publish (`RelayRequestError`, retried by itself), a storage failure (`StorageError`).
   * State stays intact. Narrow on `error.name`. The latest function passed is called.
   */
  onError?: ((error: ChatSyncReportedErrorType, event: WatchErrorsEvent) => void) | undefined
  /** @deprecated Put a `QueryClientProvider` above the provider (the provider uses the nearest one). */
  queryClient?: QueryClient | undefined
} & (
  | {
      /** Made once, outside React, with `createChatSyncConfig` (every engine option lives there). Read once. */
      config: ChatSyncConfig
      signClient?: undefined
      core?: undefined
      client?: undefined
      storage?: undefined
      enableOnMount?: undefined
      nativeCrypto?: undefined
    }
  | {
      /** The WalletConnect sign client; its `core` carries the sync traffic. Read once. */
      signClient: SignRequester & { core: ChatSyncCore }
      /** Where sync state is kept (default: the core's storage). Read once. */
      storage?: ChatSyncStorage | undefined
      /** Start enabling sync once mounted. Default `true`. */
      enableOnMount?: boolean | undefined
      config?: undefined
      core?: undefined
      client?: undefined
      /** A native PBKDF2/HMAC for key derivation (React Native: `react-native-quick-crypto`). Read once. */
      nativeCrypto?: NativeCrypto | undefined
    }
  | {
      /** A bare WalletConnect core (started). Read once. */
      core: ChatSyncCore
      storage?: ChatSyncStorage | undefined
      enableOnMount?: boolean | undefined
      nativeCrypto?: NativeCrypto | undefined
      signClient?: SignRequester | undefined
      config?: undefined
      client?: undefined
    }
  | {
      /** A chat sync client the app created (`createChatSync({ core })`) and destroys. Read once. */
      client: SessionClient
      enableOnMount?: boolean | undefined
      signClient?: SignRequester | undefined
      config?: undefined
      core?: undefined
      storage?: undefined
      nativeCrypto?: undefined
    }
)

/**
 * Makes a chatsync config available to the hooks below it, and mounts it: nothing starts during render
 * (the engine is created, and sync enabled, once mounted). Writes run as TanStack Query mutations of the
 * nearest `QueryClientProvider`; without one above it, the provider makes a `QueryClient` of its own and
 * provides it to its children.
 */
export function ChatSyncProvider(props: ChatSyncProviderProps) {
  const { account, children } = props
  const latest = useRef(props)
  const [config] = useState(() => props.config ?? configFromProps(props))
  const [ownQueryClient] = useState(() => props.queryClient ?? new QueryClient())
  const parentQueryClient = useContext(QueryClientContext)
  const signs = props.signMessage !== undefined || (props.sessionTopic ?? props.session) !== undefined
  useEffect(() => {
    latest.current = props
  })
  useEffect(() => {
    if (signs) config.setSigner(propsSigner(latest, config))
  }, [config, signs])
  useEffect(() => {
    if (account !== undefined || !props.config) config.setAccount(account)
  }, [config, account, props.config])
  // Before the config mounts: enabling starts there, and its errors must find a listener.
  useEffect(
    () => watchErrors(config, { onError: (error, event) => latest.current.onError?.(error, event) }),
    [config],
  )
  useEffect(() => config.mount(), [config])
  const content = <ChatSyncContext.Provider value={config}>{children}</ChatSyncContext.Provider>
  if (parentQueryClient && !props.queryClient) return content
  return <QueryClientProvider client={ownQueryClient}>{content}</QueryClientProvider>
}

function configFromProps(props: ChatSyncProviderProps): ChatSyncConfig {
  const { account, enableOnMount, storage, nativeCrypto } = props
  if (props.client) return createChatSyncConfig({ client: props.client, account, enableOnMount })
  const signClient = props.signClient as (SignRequester & { core?: ChatSyncCore }) | undefined
  if (signClient?.core && !props.core) {
    const withCore = signClient as SignRequester & { core: ChatSyncCore }
    return createChatSyncConfig({ signClient: withCore, storage, nativeCrypto, account, enableOnMount })
  }
  const core = props.core as ChatSyncCore
  return createChatSyncConfig({ core, storage, nativeCrypto, account, enableOnMount })
}

/** Signs with the provider's current props: `signMessage`, else the sign client over `sessionTopic`. */
function propsSigner(latest: { current: ChatSyncProviderProps }, config: ChatSyncConfig): Signer {
  return {
    signMessage(parameters) {
      const { signMessage, sessionTopic, session } = latest.current
      if (signMessage) return createSigner({ signMessage }).signMessage(parameters)
      const signClient = latest.current.signClient ?? config._internal.signClient
      const topic = sessionTopic ?? session
      if (!signClient || topic === undefined) throw new SignerNotConfiguredError()
      return createSigner({ signClient, session: topic }).signMessage(parameters)
    },
  }
}
