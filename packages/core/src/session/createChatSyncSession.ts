import { BaseError } from '../errors/base.js'
import {
  AccountNotSetError,
  SignatureRejectedError,
  SignatureRequestFailedError,
  SignerNotConfiguredError,
} from '../errors/session.js'
import { createSessionState, type SessionStateApi } from './createSessionState.js'
import { isUserRejection } from './isUserRejection.js'
import { sessionAccount } from './sessionAccount.js'
import type { SessionState, SessionStatus } from './sessionState.js'
import type { Signer } from './signer.js'
import type { SessionClient } from './types.js'

export type CreateChatSyncSessionParameters<TClient extends SessionClient = SessionClient> = {
  /**
   * The chat sync client, or a function that creates one. A created client is made on first use (never
   * by just creating the session, so server rendering starts nothing) and destroyed once the session is
   * no longer mounted.
   */
  client: TClient | (() => TClient)
  /** A CAIP-10 account id in any spelling: the session holds its canonical form (`normalizeAccount`). */
  account?: string | undefined
  signer?: Signer | undefined
  /** Start enabling when first mounted (and again when the account changes while mounted). Default `true`. */
  enableOnMount?: boolean | undefined
}

export type ChatSyncSession<TClient extends SessionClient = SessionClient> = {
  /** The chat sync client (created now when the session was given a function). */
  readonly client: TClient
  /**
   * Everything the session shows, in a zustand vanilla store: its status and its account's store views
   * (`{ byKey, data }` per store). Kept current while the session is mounted or anything subscribes to
   * it; remote bursts are coalesced (see `watchStores`). Read with a selector: `useStore(session.state,
   * selector)` in React, `getThreads(session)` and `watchThreads(session, …)` elsewhere.
   */
  readonly state: SessionStateApi
  /** The sync-enable status: the same object until it changes. */
  getState(): SessionState
  /** Called after every status change. */
  subscribe(listener: (state: SessionState) => void): () => void
  /**
   * Ref-counted start: the first mount begins enabling (when `enableOnMount`); the returned function
   * unmounts. Mount, unmount, mount (StrictMode) asks for one signature only.
   */
  mount(): () => void
  /** Restores a registration made before, else asks for a signature and registers. Settles with the new state. */
  enable(): Promise<SessionState>
  /** Forgets the account on this device. */
  disable(): Promise<SessionState>
  /**
   * Switches to another account (or none): pending results for the previous one are dropped. Another
   * spelling of the same account (`normalizeAccount`) changes nothing.
   */
  setAccount(account: string | undefined): void
  setSigner(signer: Signer | undefined): void
}

/** The sync-enable flow for one account at a time, as a status machine over a chat sync client. */
export function createChatSyncSession<TClient extends SessionClient>(
  parameters: CreateChatSyncSessionParameters<TClient>,
): ChatSyncSession<TClient> {
  const { client: clientOrFactory, enableOnMount = true } = parameters
  let owned: TClient | undefined
  let destroyTimer: ReturnType<typeof setTimeout> | undefined
  const getClient = (): TClient => {
    if (typeof clientOrFactory !== 'function') return clientOrFactory
    owned ??= clientOrFactory()
    return owned
  }
  const listeners = new Set<(state: SessionState) => void>()
  let signer = parameters.signer
  let state: SessionState = { status: 'idle', account: sessionAccount(parameters.account), error: undefined }
  let mounts = 0
  // Bumped whenever the account changes or sync is disabled: a run holding an older value is stale.
  let generation = 0
  /** The run in progress (an account switch or `disable()` drops it). */
  let inflight: Promise<SessionState> | undefined
  let stopWatching: (() => void) | undefined
  // The status and the store views, for hooks and actions; the views follow the client while held.
  const stateApi = createSessionState(state, () => session)

  /**
   * Sets and reports the state. For `error`, anything that is not ours (even `undefined`) is wrapped in a
   * `BaseError` saying what failed, and a `SignatureRejectedError` is the `rejected` status.
   */
  function setState(status: SessionStatus, account: string | undefined, error?: unknown, action = 'enable') {
    stopWatching?.()
    stopWatching = undefined
    if (status === 'error' && !(error instanceof BaseError)) {
      error = new BaseError(`Could not ${action} sync.`, { cause: error })
    }
    if (error instanceof SignatureRejectedError) status = 'rejected'
    state = { status, account, error } as SessionState
    if (status === 'syncing' || status === 'ready') watchClient(account as string)
    stateApi.setSession(state)
    for (const listener of listeners) listener(state)
  }

  /** Drops whatever is in progress (results of older runs are ignored) and goes `idle`. */
  function reset(account: string | undefined) {
    generation++
    inflight = undefined
    setState('idle', account)
  }

  /** `ready` once the client is caught up with the relay, else `syncing` until it is. */
  function isReady(account: string) {
    return getClient().getSnapshot({ account }).status === 'ready'
  }

  /**
   * While `syncing`, the step to `ready`. While `ready`, the account leaving the client (unregistered in
   * another tab of this device): then `idle`. Staying as it is must not notify on every batch.
   */
  function watchClient(account: string) {
    const check = () => {
      if (state.account !== account) return
      const { status } = getClient().getSnapshot({ account })
      if (state.status === 'syncing' && status === 'ready') setState('ready', account)
      else if (state.status === 'ready' && status === 'idle') reset(account)
    }
    const client = getClient()
    const unsubscribe = client.on('change', (event) => {
      if (event.account === account) check()
    })
    const off = client.on('ready', check)
    stopWatching = () => {
      unsubscribe()
      off()
    }
  }

  async function run(account: string, runGeneration: number): Promise<SessionState> {
    const isCurrent = () => runGeneration === generation
    try {
      const restored = await getClient().restore({ account })
      if (isCurrent() && !restored) {
        const activeSigner = signer
        if (!activeSigner) throw new SignerNotConfiguredError()
        setState('signing', account)
        const message = await getClient().getMessage({ account })
        let signature: string
        try {
          signature = await activeSigner.signMessage({ account, message })
        } catch (error) {
          throw isUserRejection(error)
            ? new SignatureRejectedError({ cause: error })
            : error instanceof BaseError
              ? error
              : new SignatureRequestFailedError({ cause: error })
        }
        if (isCurrent()) {
          setState('syncing', account)
          await getClient().register({ account, signature })
        }
      }
      if (isCurrent()) setState(isReady(account) ? 'ready' : 'syncing', account)
    } catch (error) {
      if (isCurrent()) setState('error', account, error)
    }
    return state
  }

  // A created client outlives StrictMode's unmount-remount: it is destroyed a turn after the last unmount.
  function releaseOwned() {
    const client = owned
    if (!client || mounts > 0) return
    owned = undefined
    reset(state.account)
    void client.destroy?.()
  }

  /** While mounted (with `enableOnMount`), an idle account starts enabling. */
  function enableOnMountIfIdle() {
    if (mounts > 0 && enableOnMount && state.status === 'idle' && state.account) void session.enable()
  }

  const session: ChatSyncSession<TClient> = {
    get client() {
      return getClient()
    },
    state: stateApi.api,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    mount() {
      mounts++
      clearTimeout(destroyTimer)
      const release = stateApi.hold()
      if (mounts === 1) enableOnMountIfIdle()
      let mounted = true
      return () => {
        if (mounted) mounts--
        mounted = false
        release()
        if (mounts === 0 && owned) destroyTimer = setTimeout(releaseOwned, 0)
      }
    },
    enable() {
      const { account, status } = state
      if (inflight) return inflight
      if (!account) setState('error', account, new AccountNotSetError({ action: 'enable sync' }))
      else if (status !== 'ready' && status !== 'syncing') {
        const promise = run(account, generation)
        inflight = promise
        void promise.finally(() => {
          if (inflight === promise) inflight = undefined
        })
        return promise
      }
      return Promise.resolve(state)
    },
    async disable() {
      const { account } = state
      reset(account)
      if (!account) return state
      const disableGeneration = generation
      try {
        await getClient().unregister({ account })
      } catch (error) {
        if (disableGeneration === generation) setState('error', account, error, 'disable')
      }
      return state
    },
    setAccount(given) {
      const account = sessionAccount(given)
      if (account === state.account) return
      reset(account)
      enableOnMountIfIdle()
    },
    setSigner(next) {
      signer = next
    },
  }
  return session
}
