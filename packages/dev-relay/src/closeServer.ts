import type { Server } from 'node:http'
import type { WebSocketServer } from 'ws'
import type { Connection } from './createConnectionRegistry.js'

/** How long a close waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 250

/**
 * Closes the listening socket first (so the port is free again as soon as this resolves), then every
 * client: a close handshake lets answers already written (a fetch page, say) reach the client; one that
 * does not answer it quickly is cut off.
 */
export async function closeServer({
  server,
  wss,
  connections,
}: {
  server: Server
  wss: WebSocketServer
  connections: ReadonlySet<Connection>
}): Promise<void> {
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeAllConnections()
  const open = [...connections]
  const allClosed = Promise.all(
    open.map((conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve()))),
  )
  for (const conn of open) conn.ws.close(1001, 'relay closing')
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    allClosed,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS))),
  ])
  clearTimeout(timer)
  for (const conn of open) conn.ws.terminate()
  await new Promise<void>((resolve) => wss.close(() => resolve()))
  await serverClosed
}
