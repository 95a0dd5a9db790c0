import type { ChatSyncCore } from '../engine/chatSyncCore.js'
import type { ChatSyncClient, CreateChatSyncParameters } from '../engine/types.js'
import { clientSource } from './clientSource.js'
import { type CoreReadyParameter, createCoreStart } from './createCoreStart.js'
import { createEnableFlow } from './createEnableFlow.js'
import { createSessionState, type SessionStateApi } from './createSessionState.js'
import type { SignRequester } from './createSigner.js'
import { sessionAccount } from './sessionAccount.js'
import type { SessionState } from './sessionState.js'
import type { Signer } from './signer.js'
import type { SessionClient } from './types.js'
import { watchConnection } from './watchConnection.js'

/** The engine's options, for a config that creates its engine (`signClient` or `core`). */
export type ChatSyncEngineOptions = Omit<CreateChatSyncParameters, 'core' | 'coreReady'> & {
  /**
   * For a `core` made before it started: a promise that settles once it is started (e.g.
   * `SignClient.init({ core, … })`), or a function that starts it (`() => SignClient.init({ core, … })`),
   * which the config calls once it has read its stored state (shown it, or found none), so that starting
   * the core does not slow showing it. Meanwhile the stored state shows, writes are saved, nothing goes
   * to the relay. Default: `core` is started already.
   */
  coreReady?: CoreReadyParameter | undefined
}

/** Where the config's engine comes from. */
export type ChatSyncClientSource<TClient extends SessionClient = ChatSyncClient> =
  | ({
      /** A WalletConnect `SignClient`: its core carries the sync traffic, and it asks the wallet to sign. */
      signClient: SignRequester & { core: ChatSyncCore }
      /** The Sign API session topic the wallet is asked over (`personal_sign`). Settable later. */
      sessionTopic?: string | undefined
      core?: undefined
      client?: undefined
    } & ChatSyncEngineOptions)
  | ({
      /** A bare WalletConnect core (started). */
      core: ChatSyncCore
      signClient?: undefined
      sessionTopic?: undefined
      client?: undefined
    } & ChatSyncEngineOptions)
  | {
      /**
       * A chat sync client the app created (`createChatSync(…)`; the app destroys it), or a function that
       * creates one (made on first use and destroyed once the config is no longer mounted).
       */
      client: TClient | (() => TClient)
      signClient?: undefined
      core?: undefined
      sessionTopic?: undefined
    }

export type CreateChatSyncConfigParameters<TClient extends SessionClient = ChatSyncClient> =
  ChatSyncClientSource<TClient> & {
    /**
     * The CAIP-10 account whose chat state is synced, in any spelling (the config holds its canonical
     * form, `normalizeAccount`); settable later (`setAccount`: another spelling of the same account is no
     * switch).
     */
    account?: string | undefined
    /** How the sync message is signed, when not over `signClient` + `sessionTopic`. Settable later. */
    signer?: Signer | undefined
    /** Start enabling when first mounted (and again when the account changes while mounted). Default `true`. */
    enableOnMount?: boolean | undefined
    /**
     * Mounted without an account, show the account this device synced last (`getRecentAccount`), as
     * stored, and make it live: before the wallet's account is known, never asking for a signature.
     * Default `true`.
     */
    restoreRecentAccount?: boolean | undefined
  }

/**
 * Everything chatsync needs, made once outside React (wagmi's `createConfig`): the engine (created on
 * first use, so server rendering starts nothing), the sync-enable flow and its state. Actions take it as
 * their first argument (`getThreads(config)`); `<ChatSyncProvider config={config}>` mounts it.
 */
export type ChatSyncConfig<TClient extends SessionClient = SessionClient> = {
  /** The chat sync client (created now when the config creates its own). */
  readonly client: TClient
  /**
   * Everything the config shows, in a zustand vanilla store: the status, the account and its store views
   * (`{ byKey, data, unsynced }`). Kept current while the account is enabled; remote bursts are coalesced.
   * Read with a selector: `useStore(config.state, selector)` in React, `getThreads(config)` elsewhere.
   */
  readonly state: SessionStateApi
  /** The sync-enable status: the same object until it changes. */
  getState(): SessionState
  /** Called after every status change. */
  subscribe(listener: (state: SessionState) => void): () => void
  /**
   * Ref-counted start: the first mount begins enabling (with `enableOnMount`); the returned function
   * unmounts. Mount, unmount, mount (StrictMode) asks for one signature only.
   */
  mount(): () => void
  /** Restores a registration made before, else asks for a signature and registers. Settles with the new state. */
  enable(): Promise<SessionState>
  /** Forgets the account on this device. */
  disable(): Promise<SessionState>
  /** Switches to another account (or none): pending results for the previous one are dropped. */
  setAccount(account: string | undefined): void
  /** How the sync message is signed from now on. */
  setSigner(signer: Signer | undefined): void
  /** For chatsync's own actions and hooks; not part of the semver contract. */
  readonly _internal: {
    /** Brings `state`'s store views up to date now (remote bursts are otherwise coalesced). */
    flushViews(): void
    /** The sign client the config was made with, if any (a provider's `sessionTopic` asks over it). */
    signClient: SignRequester | undefined
    /** Settles once the config's core is started (`undefined`: started already). */
    coreReady: PromiseLike<unknown> | undefined
  }
}

/** Makes a chatsync config: see `ChatSyncConfig`. @throws {InvalidRetentionError} for a `retention` that cannot work. */
export function createChatSyncConfig<TClient extends SessionClient = ChatSyncClient>(
  parameters: CreateChatSyncConfigParameters<TClient>,
): ChatSyncConfig<TClient> {
  const { enableOnMount = true, restoreRecentAccount = true } = parameters
  const coreStart = createCoreStart((parameters as ChatSyncEngineOptions).coreReady)
  const source = clientSource(parameters, coreStart.coreReady)
  let owned: TClient | undefined
  let destroyTimer: ReturnType<typeof setTimeout> | undefined
  const getClient = (): TClient => {
    if (!source.created) return source.client
    owned ??= source.create()
    return owned
  }
  const { api, session: status } = createSessionState({
    status: 'idle',
    account: sessionAccount(parameters.account),
    error: undefined,
  })
  const flow = createEnableFlow({ getClient, api, status, signer: parameters.signer ?? source.signer })
  let mounts = 0
  let stopConnection: (() => void) | undefined
  let stopCoreStart: (() => void) | undefined

  // A created client outlives StrictMode's unmount-remount: it is destroyed a turn after the last unmount.
  function releaseOwned() {
    const client = owned
    if (!client || mounts > 0) return
    owned = undefined
    flow.reset(status.get().account)
    void client.destroy?.()
  }

  /** Mounted without an account: the account this device synced last, as stored, made live. */
  async function showRecentAccount() {
    const recent = await getClient().getRecentAccount?.()
    if (recent && mounts > 0 && !status.get().account) await flow.restoreOnly(recent)
    // Shown, or nothing to show: a core the config starts can start.
    coreStart.start()
  }

  /** While mounted (with `enableOnMount`), an idle account starts enabling. */
  function enableOnMountIfIdle() {
    const { account, status: current } = status.get()
    if (mounts > 0 && enableOnMount && current === 'idle' && account) void flow.enable()
  }

  return {
    get client() {
      return getClient()
    },
    state: api,
    getState: status.get,
    subscribe: status.subscribe,
    mount() {
      mounts++
      clearTimeout(destroyTimer)
      if (mounts === 1) {
        // The relay connection shows while mounted (the client's, whatever the account's status).
        stopConnection = watchConnection(
          { client: getClient(), getState: status.get, subscribe: status.subscribe },
          (connection) => {
            if (api.getState().connection !== connection) api.setState({ connection })
          },
        )
        stopCoreStart = coreStart.follow(api)
        enableOnMountIfIdle()
        if (restoreRecentAccount && !status.get().account) void showRecentAccount()
        else if (!status.get().account) coreStart.start()
      }
      let mounted = true
      return () => {
        if (mounted) mounts--
        mounted = false
        if (mounts > 0) return
        stopConnection?.()
        stopConnection = undefined
        stopCoreStart?.()
        if (owned) destroyTimer = setTimeout(releaseOwned, 0)
      }
    },
    enable() {
      coreStart.start()
      return flow.enable()
    },
    disable: flow.disable,
    setAccount(given) {
      const account = sessionAccount(given)
      if (account === status.get().account) return
      flow.reset(account)
      enableOnMountIfIdle()
    },
    setSigner: flow.setSigner,
    _internal: {
      flushViews: flow.flushViews,
      signClient: parameters.signClient,
      coreReady: coreStart.coreReady,
    },
  }
}
