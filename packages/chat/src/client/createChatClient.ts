import {
  BaseError,
  type ChatSyncCore,
  type ChatSyncSession,
  type ChatSyncStorage,
  SignatureRejectedError,
  type Signer,
} from '@chatsync/core'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { ChatError } from '../errors/ChatError.js'
import { ChatNotReadyError } from '../errors/chat.js'
import { createIdentityResolver } from '../identity/createIdentityResolver.js'
import { createKeysServerClient, type KeysServerClient } from '../identity/createKeysServerClient.js'
import { type ChatState, INITIAL_CHAT_STATE } from './chatState.js'
import { type AccountChat, createAccountChat } from './createAccountChat.js'
import { resolveChatRetention } from './createMessageKeepAlive.js'

export type CreateChatClientParameters = {
  /** The chatsync session of the account (`createChatSyncSession`): the stores the chat writes through. */
  session: ChatSyncSession
  /** The WalletConnect core the session's client runs on (`signClient.core`): the chat topics use it too. */
  core: ChatSyncCore
  /**
   * Settles once `core` is started, for a core made before it started (the config's `coreReady`): what
   * this device keeps shows before, topics are watched and messages sent after. Default: started.
   */
  coreReady?: PromiseLike<unknown> | undefined
  /** The keys server (identity and invite keys), e.g. `https://keys.walletconnect.com` or a dev relay's `keysUrl`. */
  keysServerUrl: string
  /** Signs this device's identity key once (a CAIP-122 message): the session's signer fits. */
  signer: Signer
  /** The app's domain in that message (default: the page's host, else `localhost`). */
  domain?: string | undefined
  /** Where this device keeps its chat (identity, received invites, messages); default `core.storage`. */
  storage?: ChatSyncStorage | undefined
  /**
   * How long the relay keeps what the chat publishes (default 30 days, the spec's ttl), and when a
   * thread's messages are published again so that they outlive it (default three quarters of it).
   */
  retention?: { ttlSeconds?: number | undefined; refreshAfterSeconds?: number | undefined } | undefined
  /** How long the claims this device signs are valid (default a day). */
  jwtTtlSeconds?: number | undefined
}

export type ChatClientEvents = { error: { error: BaseError } }

export type ChatClient = {
  /** What the chat shows (zustand vanilla store): read with a selector. */
  readonly state: StoreApi<ChatState>
  readonly session: ChatSyncSession
  readonly keysServer: KeysServerClient
  /**
   * Starts following the session (ref-counted; the returned function unmounts): once its account is
   * ready, the chat loads this device's state, watches the account's topics, and asks for the identity
   * signature if this device has none.
   */
  mount(): () => void
  /** Asks again for the identity signature after `rejected` or `error`. Settles with the state. */
  enable(): Promise<ChatState>
  /** Background errors: dropped payloads (`ChatPayloadRejectedError`), relay and directory failures. */
  on(event: 'error', handler: (payload: ChatClientEvents['error']) => void): () => void
  /** Stops everything and writes what is pending. */
  destroy(): Promise<void>
  /**
   * The running account's chat, for this package's actions (not an API: use the actions).
   * @throws {ChatNotReadyError} when no account's chat runs.
   */
  current(action: string): AccountChat
}

/**
 * The Chat protocol on a chatsync session, framework-free: invites with verified identities, threads,
 * messages with receipts, on every device of the account (see the package README). Create it once per
 * session; React hooks read `chat.state` with selectors, the actions (`sendInvite(chat, …)`) write.
 */
export function createChatClient(parameters: CreateChatClientParameters): ChatClient {
  const { session, core, signer } = parameters
  const storage = parameters.storage ?? (core.storage as ChatSyncStorage)
  const scope = (core as { customStoragePrefix?: unknown }).customStoragePrefix
  const storagePrefix = `chatsync-chat${typeof scope === 'string' && scope ? `:${scope}` : ''}`
  const domain =
    parameters.domain ?? (globalThis as { location?: { host?: string } }).location?.host ?? 'localhost'
  let retention: ReturnType<typeof resolveChatRetention>
  try {
    retention = resolveChatRetention(parameters.retention)
  } catch (cause) {
    throw new ChatError('Invalid retention.', {
      cause,
      details: 'Expected ttlSeconds > refreshAfterSeconds > 0.',
    })
  }
  const keysServer = createKeysServerClient({ url: parameters.keysServerUrl })
  const identities = createIdentityResolver({ keysServer })
  const state = createStore<ChatState>(() => INITIAL_CHAT_STATE)
  const handlers = new Set<(payload: ChatClientEvents['error']) => void>()
  const coreReady = Promise.resolve(parameters.coreReady).then(
    () => undefined,
    () => undefined,
  )
  let running: AccountChat | undefined
  /** The running account has no identity on this device: it is asked for once the account is caught up. */
  let identityAwaitsSync = false
  let mounts = 0
  let stopFollowing: (() => void) | undefined
  let generation = 0

  const report = (error: BaseError) => {
    for (const handler of handlers) {
      try {
        handler({ error })
      } catch (thrown) {
        console.error(thrown)
      }
    }
  }
  const setState = (update: (current: ChatState) => Partial<ChatState>) =>
    state.setState((current) => update(current))

  /** The last account chat's stop: a chat started after it reads the device's storage once it is written. */
  let stopped: Promise<void> = Promise.resolve()

  function stopAccount() {
    const stopping = running
    running = undefined
    identityAwaitsSync = false
    generation++
    state.setState(INITIAL_CHAT_STATE, true)
    if (stopping) stopped = stopping.stop().catch(() => {})
    return stopped
  }

  async function enableIdentity(chat: AccountChat, run: number, ask: boolean) {
    setState(() => ({ status: 'starting', error: undefined }))
    try {
      const hasIdentity = await chat.enableIdentity({ ask })
      if (run !== generation) return
      if (!hasIdentity) identityAwaitsSync = true
      else setState(() => ({ status: 'ready', identityKey: chat.context.identity?.identityKey }))
    } catch (error) {
      if (run !== generation) return
      const wrapped =
        error instanceof BaseError ? error : new ChatError('Could not start chat.', { cause: error })
      setState(() => ({
        status: error instanceof SignatureRejectedError ? 'rejected' : 'error',
        error: wrapped,
      }))
    }
  }

  /**
   * Follows the session: its account shown (caught up, or stored on this device) → that account's chat;
   * anything else → none.
   */
  function follow() {
    const { status, account, restored } = session.state.getState()
    const wanted = (status === 'ready' || status === 'syncing') && account ? account : undefined
    if (running && running.context.account !== wanted) void stopAccount()
    if (!wanted) return
    if (!running) {
      if (status !== 'ready' && !restored) return
      if (!wanted.startsWith('eip155:')) {
        setState(() => ({
          account: wanted,
          status: 'error',
          error: new ChatNotReadyError({
            action: 'start chat',
            reason: 'identity keys need an eip155 account',
          }),
        }))
        return
      }
      running = createAccountChat({
        account: wanted,
        session,
        core,
        coreReady,
        previousStopped: stopped,
        storage,
        storagePrefix,
        keysServer,
        identities,
        signer,
        domain,
        retention,
        jwtTtlSeconds: parameters.jwtTtlSeconds ?? 86_400,
        now: Date.now,
        setState,
        report,
      })
      setState(() => ({ account: wanted }))
      running.storesChanged()
      // A device without an identity asks for one once caught up (no wallet is needed to show the stored state).
      void enableIdentity(running, generation, status === 'ready')
      return
    }
    running.storesChanged()
    if (status === 'ready' && identityAwaitsSync) {
      identityAwaitsSync = false
      void enableIdentity(running, generation, true)
    }
  }

  const client: ChatClient = {
    state,
    session,
    keysServer,
    mount() {
      if (mounts++ === 0) {
        stopFollowing = session.state.subscribe(follow)
        follow()
      }
      let mounted = true
      return () => {
        if (!mounted) return
        mounted = false
        if (--mounts === 0) {
          stopFollowing?.()
          stopFollowing = undefined
          void stopAccount()
        }
      }
    },
    async enable() {
      const chat = running
      if (chat && (state.getState().status === 'rejected' || state.getState().status === 'error'))
        await enableIdentity(chat, generation, true)
      return state.getState()
    },
    on(_event, handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    async destroy() {
      stopFollowing?.()
      stopFollowing = undefined
      mounts = 0
      await stopAccount()
      handlers.clear()
    },
    current(action) {
      if (!running) throw new ChatNotReadyError({ action, reason: 'chat has not started for an account' })
      return running
    },
  }
  return client
}
