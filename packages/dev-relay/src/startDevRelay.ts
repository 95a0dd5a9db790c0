import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { closeServer } from './closeServer.js'
import { createConnectionRegistry } from './createConnectionRegistry.js'
import { createDelivery } from './createDelivery.js'
import { createJsonLinesLog } from './createJsonLinesLog.js'
import { createKeyDirectory } from './createKeyDirectory.js'
import { createMessageStore } from './createMessageStore.js'
import { createRpcHandler } from './createRpcHandler.js'
import { handleUpgrade } from './handleUpgrade.js'
import { type DevRelay, resolveLimits, type StartDevRelayParameters } from './relayOptions.js'
import { startHeartbeat } from './startHeartbeat.js'

export type { DevRelay, DevRelayLimits, DevRelayLogger, StartDevRelayParameters } from './relayOptions.js'

const SWEEP_INTERVAL_MS = 10_000

/**
 * Starts a relay on one machine that `@walletconnect/core` 2.25 talks to unchanged: relay-auth at
 * the upgrade, subscribe/publish/fetch (and sign-client's `wc_proposeSession`/`wc_approveSession`),
 * a per-client mailbox, and optional persistence in `dataDir`. The parts, one job each: the message
 * store, the connection registry, delivery (pushes, acks, redelivery), the RPC handler, the upgrade
 * and its auth, the heartbeat, the key directory and the shutdown.
 */
export async function startDevRelay(parameters: StartDevRelayParameters = {}): Promise<DevRelay> {
  const { host = '127.0.0.1', port = 0, dataDir, logger = {}, keyDirectory = true } = parameters
  const limits = resolveLimits(parameters)
  let closed = false

  const store = createMessageStore({ log: dataDir ? createJsonLinesLog(dataDir) : undefined })
  const registry = createConnectionRegistry({ limits, logger })
  const delivery = createDelivery({ registry, store, logger })
  const onFrame = createRpcHandler({ registry, delivery, store, limits, logger })
  const directory = keyDirectory ? createKeyDirectory(keyDirectory === true ? {} : keyDirectory) : undefined

  // Plain HTTP answers 200 so readiness checks (a test runner's web server probe, curl) see the relay up.
  const server = createServer((req, res) => {
    if (directory?.handle(req, res)) return
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('chatsync dev relay: connect with a WebSocket\n')
  })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
  })
  const upgrades = handleUpgrade({
    wss,
    maxConnections: limits.maxConnections,
    openConnections: () => registry.connections.size,
    isClosed: () => closed,
    onConnection: (ws, clientId) => registry.open(ws, clientId, onFrame),
    logger,
  })
  server.on('upgrade', upgrades.onUpgrade)

  const stopHeartbeat = startHeartbeat(registry.connections, limits.pingIntervalMs)
  const sweepTimer = setInterval(() => store.sweep(), SWEEP_INTERVAL_MS)
  sweepTimer.unref()
  const stopTimers = () => {
    stopHeartbeat()
    clearInterval(sweepTimer)
    delivery.stop()
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen({ host, port }, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    stopTimers()
    store.close()
    throw error
  }
  server.on('error', (error) => logger.error?.(`dev relay: server error: ${error.message}`))

  const boundPort = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host
  const url = `ws://${urlHost}:${boundPort}`
  logger.info?.(`dev relay listening on ${url}`)

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      closed = true
      stopTimers()
      upgrades.destroyPending()
      await closeServer({ server, wss, connections: registry.connections })
      store.close()
      logger.info?.('dev relay closed')
    })()
    return closing
  }

  return { url, port: boundPort, keysUrl: directory ? `http://${urlHost}:${boundPort}` : undefined, close }
}
