import { WebSocket } from 'ws'
import type { Connection } from './createConnectionRegistry.js'

/**
 * Pings every open socket each `intervalMs` (the core drops a socket after 35 s without a frame from the
 * relay); a socket that did not answer the previous ping is terminated. Returns the stop.
 */
export function startHeartbeat(connections: ReadonlySet<Connection>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const conn of connections) {
      // ping() throws on a socket that is already closing.
      if (conn.ws.readyState !== WebSocket.OPEN) continue
      if (!conn.isAlive) {
        conn.ws.terminate()
        continue
      }
      conn.isAlive = false
      conn.ws.ping()
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
