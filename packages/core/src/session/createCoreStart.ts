import type { SessionStateApi } from './createSessionState.js'

/** How a config's core becomes ready: started already (a promise), or started by the config (a function). */
export type CoreReadyParameter = PromiseLike<unknown> | (() => PromiseLike<unknown>)

export type CoreStart = {
  /** What the engine waits for (`undefined`: the core is started). */
  readonly coreReady: PromiseLike<unknown> | undefined
  /** Starts the core now, when the config starts it (once). */
  start(): void
  /** Starts the core once the config's stored state is read: shown, or found missing. Returns the unsubscribe. */
  follow(api: SessionStateApi): () => void
}

/** At the latest this long after the first mount, a core the config starts is started. */
const START_AT_THE_LATEST_MS = 2_000

/**
 * A core the config starts itself (`coreReady: () => SignClient.init({ core, … })`) is started once the
 * config's stored state is read, so that starting it (its own storage, the relay's authentication) does
 * not compete with reading that state: when the state shows as stored, when the config needs the wallet
 * (`signing`) or has nothing stored (`ready`, `error`, no account synced before), or when the app calls
 * `enable()`; at the latest two seconds after the first mount.
 */
export function createCoreStart(coreReady: CoreReadyParameter | undefined): CoreStart {
  if (typeof coreReady !== 'function') return { coreReady, start: () => {}, follow: () => () => {} }
  let startNow: () => void = () => {}
  let started = false
  const ready = new Promise<void>((resolve) => {
    startNow = resolve
  }).then(() => coreReady())
  const start = () => {
    if (started) return
    started = true
    startNow()
  }
  return {
    coreReady: ready,
    start,
    follow(api) {
      if (started) return () => {}
      const timer = setTimeout(start, START_AT_THE_LATEST_MS)
      const check = () => {
        const { restored, status } = api.getState()
        if (restored || (status !== 'idle' && status !== 'syncing')) start()
        if (started) {
          clearTimeout(timer)
          off()
        }
      }
      const off = api.subscribe(check)
      check()
      return () => {
        clearTimeout(timer)
        off()
      }
    },
  }
}
