import { BaseError } from '../errors/base.js'
import {
  AccountNotSetError,
  SignatureRejectedError,
  SignatureRequestFailedError,
  SignerNotConfiguredError,
} from '../errors/session.js'
import { EMPTY_VIEWS, type SessionStateApi, type SessionStateReader } from './createSessionState.js'
import { isUserRejection } from './isUserRejection.js'
import type { ChatSyncState, SessionState, SessionStatus } from './sessionState.js'
import type { Signer } from './signer.js'
import type { SessionClient } from './types.js'
import { createViewTracker, watchViews } from './watchViews.js'

export type EnableFlow = {
  enable(): Promise<SessionState>
  /**
   * Shows `account` as it was stored on this device and makes it live, never asking for a signature: when
   * nothing is stored for it, back to `idle` without an account.
   */
  restoreOnly(account: string): Promise<SessionState>
  disable(): Promise<SessionState>
  /** Drops whatever is in progress (results of older runs are ignored) and goes `idle` for `account`. */
  reset(account: string | undefined): void
  setSigner(signer: Signer | undefined): void
  /** Brings the store views up to date now (what waits for the end of a remote burst). */
  flushViews(): void
}

/**
 * The sync-enable flow for one account at a time, as a status machine over a chat sync client, written
 * into the config's state: restore a registration made before, else sign and register; then follow the
 * client (`syncing` → `ready`, the store views) until the account changes or sync is disabled.
 */
export function createEnableFlow({
  getClient,
  api,
  status,
  signer: initialSigner,
}: {
  getClient: () => SessionClient
  api: SessionStateApi
  status: SessionStateReader
  signer: Signer | undefined
}): EnableFlow {
  let signer = initialSigner
  // Bumped whenever the account changes or sync is disabled: a run holding an older value is stale.
  let generation = 0
  /** The run in progress (an account switch or `disable()` drops it). */
  let inflight: Promise<SessionState> | undefined
  let stopWatching: (() => void) | undefined
  let flushViews = () => {}

  /**
   * Sets the state. For `error`, anything that is not ours (even `undefined`) is wrapped in a `BaseError`
   * saying what failed, and a `SignatureRejectedError` is the `rejected` status.
   */
  function setState(next: SessionStatus, account: string | undefined, error?: unknown, action = 'enable') {
    if (next === 'error' && !(error instanceof BaseError)) {
      error = new BaseError(`Could not ${action} sync.`, { cause: error })
    }
    if (error instanceof SignatureRejectedError) next = 'rejected'
    const live = next === 'syncing' || next === 'ready'
    const patch: Partial<ChatSyncState> = { status: next, account, error } as Partial<ChatSyncState>
    if (!live) {
      stopWatching?.()
      stopWatching = undefined
      patch.restored = false
      patch.stores = EMPTY_VIEWS
    } else {
      patch.restored = getClient().getSnapshot({ account: account as string }).restored
    }
    api.setState(patch)
    if (live && !stopWatching) stopWatching = watchClient(account as string)
  }

  /** Drops whatever is in progress (results of older runs are ignored) and goes `idle`. */
  function reset(account: string | undefined) {
    generation++
    inflight = undefined
    setState('idle', account)
  }

  /**
   * While live: the store views, the step to `ready`, and the account leaving the client (unregistered in
   * another tab of this device): then `idle`. Staying as it is must not notify on every batch.
   */
  function watchClient(account: string) {
    const client = getClient()
    const check = () => {
      const current = status.get()
      if (current.account !== account) return
      const snapshot = client.getSnapshot({ account })
      if (current.status === 'syncing' && snapshot.status === 'ready') setState('ready', account)
      else if (current.status === 'ready' && snapshot.status === 'idle') reset(account)
    }
    const offChange = client.on('change', (event) => {
      if (event.account === account) check()
    })
    const offReady = client.on('ready', check)
    const views = watchViews(
      { client, getState: status.get, subscribe: status.subscribe },
      { onChange: (changed) => api.setState((state) => ({ stores: { ...state.stores, ...changed } })) },
      createViewTracker(),
    )
    flushViews = views.flush
    return () => {
      offChange()
      offReady()
      views()
      flushViews = () => {}
    }
  }

  async function run(account: string, runGeneration: number, restoreOnly = false): Promise<SessionState> {
    const isCurrent = () => runGeneration === generation
    const client = getClient()
    try {
      const restored = await client.restore({ account })
      if (isCurrent() && !restored && restoreOnly) {
        reset(undefined)
        return status.get()
      }
      if (isCurrent() && !restored) {
        const activeSigner = signer
        if (!activeSigner) throw new SignerNotConfiguredError()
        setState('signing', account)
        const message = client.getMessage({ account })
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
          await client.register({ account, signature })
        }
      }
      if (isCurrent()) {
        const ready = client.getSnapshot({ account }).status === 'ready'
        setState(ready ? 'ready' : 'syncing', account)
      }
    } catch (error) {
      if (isCurrent()) setState('error', account, error)
    }
    return status.get()
  }

  function start(account: string, restoreOnly: boolean) {
    const promise = run(account, generation, restoreOnly)
    inflight = promise
    void promise.finally(() => {
      if (inflight === promise) inflight = undefined
    })
    return promise
  }

  return {
    enable() {
      const { account, status: current } = status.get()
      if (inflight) return inflight
      if (!account) setState('error', account, new AccountNotSetError({ action: 'enable sync' }))
      else if (current !== 'ready' && current !== 'syncing') return start(account, false)
      return Promise.resolve(status.get())
    },
    restoreOnly(account) {
      reset(account)
      return start(account, true)
    },
    async disable() {
      const { account } = status.get()
      reset(account)
      if (!account) return status.get()
      const disableGeneration = generation
      try {
        await getClient().unregister({ account })
      } catch (error) {
        if (disableGeneration === generation) setState('error', account, error, 'disable')
      }
      return status.get()
    },
    reset,
    flushViews: () => flushViews(),
    setSigner(next) {
      signer = next
    },
  }
}
