import { createServer as createHttpServer } from 'node:http'
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import { WebSocketServer } from 'ws'

/**
 * A relay address that never answers:
 * - `refused`: nothing listens on the port (connections are refused)
 * - `silent-tcp`: TCP connections are accepted and then ignored (the WebSocket upgrade never completes)
 * - `silent-websocket`: the WebSocket upgrade completes, and no JSON-RPC request is ever answered
 */
export type UnreachableRelayKind = 'refused' | 'silent-tcp' | 'silent-websocket'

export type UnreachableRelay = {
  readonly kind: UnreachableRelayKind
  /** `ws://127.0.0.1:port`, the `relayUrl` to give to a core. */
  readonly url: string
  readonly port: number
  /** Stops listening and drops every connection: the port is free for a real relay right away. */
  close(): Promise<void>
}

const listen = (server: Server | ReturnType<typeof createHttpServer>, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port }, () => resolve((server.address() as AddressInfo).port))
  })

/** Starts an unreachable relay of `kind` on `port` (default: a free one). */
export async function startUnreachableRelay({
  kind,
  port = 0,
}: {
  kind: UnreachableRelayKind
  port?: number
}): Promise<UnreachableRelay> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  }
  const server = kind === 'silent-websocket' ? createHttpServer() : createServer(track)
  if (kind === 'silent-websocket') {
    server.on('connection', track)
    // Upgrades complete; messages are read and never answered.
    new WebSocketServer({ server: server as ReturnType<typeof createHttpServer> }).on('connection', () => {})
  }
  const bound = await listen(server, port)
  const stop = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  // Refused: the port was taken only to find a free one.
  if (kind === 'refused') await stop()
  let closed = kind === 'refused'
  return {
    kind,
    url: `ws://127.0.0.1:${bound}`,
    port: bound,
    async close() {
      if (closed) return
      closed = true
      await stop()
    },
  }
}
