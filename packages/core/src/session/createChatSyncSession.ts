import { BaseError } from '../errors/base.js'
import {
  AccountNotSetError,
  SignatureRejectedError,
  SignatureRequestFailedError,
  SignerNotConfiguredError,
} from './errors.js'
import { isUserRejection } from './isUserRejection.js'
import type { SessionState } from './sessionState.js'
import type { Signer } from './signer.js'
import type { SessionClient } from './types.js'

export type CreateChatSyncSessionParameters<TClient extends SessionClient = SessionClient> = {
  /**
   * The chat sync client, or a function that creates one. A created client is made on first use (never
   * by just creating the session, so server rendering starts nothing) and destroyed once the session is
   * no longer mounted.
   */
  client: TClient | (() => TClient)
  account?: string | undefined
  signer?: Signer | undefined
  /** Start enabling when first mounted (and again when the account changes while mounted). Default `true`. */
  enableOnMount?: boolean | undefined
}

export type ChatSyncSession<TClient extends SessionClient = SessionClient> = {
  /** The chat sync client (created now when the session was given a function). */
  readonly client: TClient
  getState(): SessionState
  /** Called after every state change. */
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
  /** Switches to another account (or none): pending results for the previous one are dropped. */
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
  let state: SessionState = { status: 'idle', account: parameters.account, error: undefined }
  let mounts = 0
  // Bumped whenever the account changes or sync is disabled: a run holding an older value is stale.
  let generation = 0
  let inflight: { generation: number; promise: Promise<SessionState> } | undefined
  let stopWatchingReady: (() => void) | undefined

  /** A status without an error. */
  function setStatus(status: 'idle' | 'signing' | 'syncing' | 'ready', account: string | undefined) {
    setState({ status, account, error: undefined } as SessionState)
  }

  /** The `error` state; errors that are not ours are wrapped in a `BaseError` that says what failed. */
  function setError(account: string | undefined, error: unknown, action = 'enable') {
    setState({
      status: 'error',
      account,
      error:
        error instanceof BaseError ? error : new BaseError(`Could not ${action} sync.`, { cause: error }),
    })
  }

  function setState(next: SessionState) {
    stopWatchingReady?.()
    stopWatchingReady = undefined
    state = next
    if (next.status === 'syncing') watchReady(next.account)
    for (const listener of listeners) listener(next)
  }

  /** Drops whatever is in progress (results of older runs are ignored) and goes `idle`. */
  function reset(account: string | undefined) {
    generation++
    inflight = undefined
    setStatus('idle', account)
  }

  /** `ready` once the client is caught up with the relay, else `syncing` until it is. */
  function settle(account: string) {
    setStatus(getClient().getSnapshot({ account }).status === 'ready' ? 'ready' : 'syncing', account)
  }

  function watchReady(account: string) {
    // Only the step to `ready` is a change: staying `syncing` must not notify on every batch.
    const client = getClient()
    const check = () => {
      if (state.status !== 'syncing' || state.account !== account) return
      if (client.getSnapshot({ account }).status === 'ready') setStatus('ready', account)
    }
    const unsubscribe = client.subscribe((event) => {
      if (event.account === account) check()
    })
    const off = client.on?.('ready', check)
    stopWatchingReady = () => {
      unsubscribe()
      off?.()
    }
  }

  async function run(account: string, runGeneration: number): Promise<SessionState> {
    const isCurrent = () => runGeneration === generation
    try {
      const restored = await getClient().restore({ account })
      if (!isCurrent()) return state
      if (!restored) {
        const activeSigner = signer
        if (!activeSigner) throw new SignerNotConfiguredError()
        setStatus('signing', account)
        const message = await getClient().getMessage({ account })
        let signature: string
        try {
          signature = await activeSigner.signMessage({ account, message })
        } catch (error) {
          if (!isCurrent()) return state
          if (isUserRejection(error)) {
            setState({ status: 'rejected', account, error: new SignatureRejectedError({ cause: error }) })
            return state
          }
          throw error instanceof BaseError ? error : new SignatureRequestFailedError({ cause: error })
        }
        if (!isCurrent()) return state
        setStatus('syncing', account)
        await getClient().register({ account, signature })
        if (!isCurrent()) return state
      }
      settle(account)
    } catch (error) {
      if (isCurrent()) setError(account, error)
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

  const session: ChatSyncSession<TClient> = {
    get client() {
      return getClient()
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    mount() {
      mounts++
      clearTimeout(destroyTimer)
      if (mounts === 1 && enableOnMount && state.status === 'idle' && state.account) void session.enable()
      let mounted = true
      return () => {
        if (mounted) mounts--
        mounted = false
        if (mounts === 0 && owned) destroyTimer = setTimeout(releaseOwned, 0)
      }
    },
    enable() {
      const { account, status } = state
      if (!account) {
        setError(account, new AccountNotSetError({ action: 'enable sync' }))
        return Promise.resolve(state)
      }
      if (inflight?.generation === generation) return inflight.promise
      if (status === 'ready' || status === 'syncing') return Promise.resolve(state)
      const entry = { generation, promise: run(account, generation) }
      inflight = entry
      void entry.promise.finally(() => {
        if (inflight === entry) inflight = undefined
      })
      return entry.promise
    },
    async disable() {
      const { account } = state
      reset(account)
      if (!account) return state
      const disableGeneration = generation
      try {
        await getClient().unregister({ account })
      } catch (error) {
        if (disableGeneration === generation) setError(account, error, 'disable')
      }
      return state
    },
    setAccount(account) {
      if (account === state.account) return
      reset(account)
      if (mounts > 0 && enableOnMount && account) void session.enable()
    },
    setSigner(next) {
      signer = next
    },
  }
  return session
}
