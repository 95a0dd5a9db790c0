import type { ChatSyncReportedErrorType } from '../engine/types.js'
import type { ChatSyncSession } from '../session/createChatSyncSession.js'

/** What `watchErrors` hands over with each error. */
export type WatchErrorsEvent = {
  /** The account the error concerns, or undefined when it concerns the client as a whole. */
  account: string | undefined
}

/**
 * Reports the client's background errors (a dropped incoming message, a failed catch-up or publish, a
 * storage failure) that concern the session's current account, or the client as a whole, to `onError`.
 * Errors of other accounts on a shared client are left out. Narrow on `error.name`. Returns the
 * unsubscribe; a client without `on` reports nothing.
 */
export function watchErrors(
  session: ChatSyncSession,
  onError: (error: ChatSyncReportedErrorType, event: WatchErrorsEvent) => void,
): () => void {
  const off = session.client.on('error', ({ account, error }) => {
    if (account === undefined || account === session.getState().account) onError(error, { account })
  })
  return off
}
