'use client'
import {
  type ChatSyncCore,
  type ChatSyncReportedErrorType,
  type ChatSyncStorage,
  type CreateSignerParameters,
  createChatSync,
  createChatSyncSession,
  createSigner,
  type NativeCrypto,
  type SessionClient,
  type Signer,
  type SignRequester,
  type WatchErrorsEvent,
  watchErrors,
} from '@chatsync/core'
import { QueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { ChatSyncContext, type ChatSyncContextValue } from './context.js'

export type ChatSyncProviderProps = {
  children?: ReactNode
  /** The CAIP-10 account whose chat state is synced. Changing it switches accounts. */
  account?: string | undefined
  /** A Sign API session topic (of `signClient`): the wallet is asked for `personal_sign` of the sync message. */
  session?: string | undefined
  /** A local signer (a viem account, or an app running inside the wallet). */
  signMessage?: ((message: string) => Promise<string>) | undefined
  /** Runs the write mutations; the provider makes its own when omitted. */
  queryClient?: QueryClient | undefined
  /** Start enabling sync once mounted. Default `true`. */
  enableOnMount?: boolean | undefined
  /**
   * Background errors of the account: a dropped incoming message (`IncomingMessageError`), a failed
   * catch-up or publish (`RelayRequestError`, retried by itself), a storage failure (`StorageError`).
   * State stays intact. Narrow on `error.name`. The latest function passed is called.
   */
  onError?: ((error: ChatSyncReportedErrorType, event: WatchErrorsEvent) => void) | undefined
} & (
  | {
      /** An already created chat sync client (`createChatSync({ core })`), read once. */
      client: SessionClient
      signClient?: SignRequester | undefined
      core?: undefined
      storage?: undefined
      nativeCrypto?: undefined
    }
  | {
      /** The WalletConnect sign client; its `core` carries the sync traffic. Read once. */
      signClient: SignRequester & { core: ChatSyncCore }
      client?: undefined
      core?: undefined
      /** Where sync state is kept (default: the core's storage). */
      storage?: ChatSyncStorage | undefined
      /** A native PBKDF2/HMAC for key derivation (React Native: `react-native-quick-crypto`). Read once. */
      nativeCrypto?: NativeCrypto | undefined
    }
  | {
      /** A bare WalletConnect core. Read once. */
      core: ChatSyncCore
      signClient?: SignRequester | undefined
      client?: undefined
      storage?: ChatSyncStorage | undefined
      nativeCrypto?: NativeCrypto | undefined
    }
)

/**
 * Holds a chat sync session for `account`; the hooks below it read its state. Nothing starts during
 * render: the client is created, and sync enabled, once mounted.
 */
export function ChatSyncProvider(props: ChatSyncProviderProps) {
  const { account, children } = props
  const latest = useRef(props)
  const [value] = useState<ChatSyncContextValue>(() => {
    // Reads the current props when the wallet is asked, so a new `signMessage` each render is fine.
    const signer: Signer = {
      signMessage: (parameters) =>
        createSigner(latest.current as CreateSignerParameters).signMessage(parameters),
    }
    const { client, storage, nativeCrypto } = props
    const core = props.core ?? (props.signClient as { core?: ChatSyncCore } | undefined)?.core
    const session = createChatSyncSession({
      client: client ?? (() => createChatSync({ core: core as ChatSyncCore, storage, nativeCrypto })),
      account,
      signer,
      enableOnMount: props.enableOnMount,
    })
    return { session, queryClient: props.queryClient ?? new QueryClient() }
  })
  useEffect(() => {
    latest.current = props
  })
  useEffect(() => value.session.setAccount(account), [value, account])
  // Before the session mounts: enabling starts there, and its errors must find a listener.
  useEffect(
    () => watchErrors(value.session, (error, event) => latest.current.onError?.(error, event)),
    [value],
  )
  useEffect(() => value.session.mount(), [value])
  return <ChatSyncContext.Provider value={value}>{children}</ChatSyncContext.Provider>
}
