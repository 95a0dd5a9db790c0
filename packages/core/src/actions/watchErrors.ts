import type { ChatSyncReportedErrorType } from '../engine/types.js'
import type { ChatSyncConfig } from '../session/createChatSyncConfig.js'

/** What `watchErrors` hands over with each error. */
export type WatchErrorsEvent = {
  /** The account the error concerns, or undefined when it concerns the client as a whole. */
  account: string | undefined
}

export type WatchErrorsParameters = {
  onError(error: ChatSyncReportedErrorType, event: WatchErrorsEvent): void
}

/**
 * Reports the client's background errors (a dropped incoming message, a failed catch-up or publish, a
 * storage failure) that concern the config's current account, or the client as a whole, to `onError`.
 * Errors of other accounts on a shared client are left out. Narrow on `error.name`. Returns the
 * unsubscribe.
 */
export function watchErrors(config: ChatSyncConfig, parameters: WatchErrorsParameters): () => void
/** @deprecated Pass `{ onError }`. */
export function watchErrors(config: ChatSyncConfig, onError: WatchErrorsParameters['onError']): () => void
export function watchErrors(
  config: ChatSyncConfig,
  parameters: WatchErrorsParameters | WatchErrorsParameters['onError'],
): () => void {
  const onError = typeof parameters === 'function' ? parameters : parameters.onError
  return config.client.on('error', ({ account, error }) => {
    if (account === undefined || account === config.getState().account) onError(error, { account })
  })
}
