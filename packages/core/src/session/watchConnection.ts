import type { RelayConnectionStatus } from '../engine/relay/relayConnectionStatus.js'
import type { ViewSource } from './watchViews.js'

/**
 * The relay connection as the client's snapshot of the session's account shows it (the same for every
 * account of a client; a client whose snapshots say nothing of it counts as `connected`). Without an
 * account, the last value stays.
 */
export function readConnection(source: ViewSource): RelayConnectionStatus | undefined {
  const { account } = source.getState()
  return account ? (source.client.getSnapshot({ account }).connection ?? 'connected') : undefined
}

/**
 * Calls `onChange` with the connection now and whenever it may have changed: the client reports a change
 * of the session's account (a connection change is one for every live account), or the session's status
 * or account changed. Returns the unsubscribe.
 */
export function watchConnection(
  source: ViewSource,
  onChange: (connection: RelayConnectionStatus) => void,
): () => void {
  const update = () => {
    const connection = readConnection(source)
    if (connection) onChange(connection)
  }
  const unsubscribeClient = source.client.on('change', (event) => {
    if (event.account === source.getState().account) update()
  })
  const unsubscribeSession = source.subscribe(update)
  update()
  return () => {
    unsubscribeClient()
    unsubscribeSession()
  }
}
