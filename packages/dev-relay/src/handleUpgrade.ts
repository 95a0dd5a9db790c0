import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { WebSocket, WebSocketServer } from 'ws'
import type { DevRelayLogger } from './relayOptions.js'
import { verifyAuthToken } from './verifyAuthToken.js'

export type UpgradeHandler = {
  /** The `upgrade` listener of the HTTP server. */
  onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void
  /** Cuts off the sockets still between upgrade and authentication. */
  destroyPending(): void
}

/** Answers an upgrade the relay refuses with a plain HTTP status, then closes the socket. */
function refuse(socket: Socket, status: 401 | 503, reason: string) {
  const statusText = status === 401 ? 'Unauthorized' : 'Service Unavailable'
  const body = `${statusText}: ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  socket.once('finish', () => socket.destroy())
}

/**
 * WebSocket upgrades: refused once the relay closes or holds `maxConnections` sockets; otherwise the
 * relay-auth token of the `auth` query parameter (browsers cannot set headers) is verified, and its
 * issuer becomes the connection's client id.
 */
export function handleUpgrade({
  wss,
  maxConnections,
  openConnections,
  isClosed,
  onConnection,
  logger,
}: {
  wss: WebSocketServer
  maxConnections: number
  openConnections: () => number
  isClosed: () => boolean
  onConnection: (ws: WebSocket, clientId: string) => void
  logger: DevRelayLogger
}): UpgradeHandler {
  const upgrading = new Set<Socket>()
  return {
    onUpgrade(req, socket, head) {
      upgrading.add(socket)
      socket.on('error', () => socket.destroy())
      const done = () => upgrading.delete(socket)
      if (isClosed()) {
        done()
        socket.destroy()
        return
      }
      if (openConnections() + upgrading.size - 1 >= maxConnections) {
        done()
        refuse(socket, 503, `at most ${maxConnections} connections`)
        return
      }
      let token: string | null = null
      try {
        token = new URL(req.url ?? '/', 'http://relay.local').searchParams.get('auth')
      } catch {
        token = null
      }
      verifyAuthToken(token).then(
        (verdict) => {
          done()
          if (isClosed() || socket.destroyed) {
            socket.destroy()
            return
          }
          if (!verdict.ok) {
            logger.debug?.(`dev relay: refused connection: ${verdict.reason}`)
            refuse(socket, 401, verdict.reason)
            return
          }
          wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, verdict.clientId))
        },
        () => {
          done()
          refuse(socket, 401, 'auth token could not be verified')
        },
      )
    },
    destroyPending() {
      for (const socket of upgrading) socket.destroy()
      upgrading.clear()
    },
  }
}
