import { getWebSocket } from '#platform-websocket'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { relaySocketUrl } from './relaySocketUrl.js'

/**
 * How a connection attempt of our own ended: `refused` (it failed before opening), `closed` (it closed
 * before opening, without an error), `opened`, or `timeout` (none of these within the limit).
 */
export type SocketAttempt = 'refused' | 'closed' | 'opened' | 'timeout'

/**
 * Opens a socket of our own to the core's relay (under a fresh identity) and closes it as soon as it
 * opens or fails: the core says nothing about a connection attempt that fails, so this tells a refused
 * connection from one that hangs. `undefined` when the core does not say where its relay is, or the
 * platform has no WebSocket. Never rejects.
 */
export async function tryRelaySocket(
  core: ChatSyncCore,
  timeoutMs: number,
): Promise<SocketAttempt | undefined> {
  const Socket = getWebSocket()
  const url = Socket ? await relaySocketUrl(core, 'wc-2/js-chatsync/probe').catch(() => undefined) : undefined
  if (!Socket || !url) return undefined
  let socket: WebSocket
  try {
    socket = new Socket(url)
  } catch {
    return 'refused'
  }
  return new Promise<SocketAttempt>((resolve) => {
    const end = (outcome: SocketAttempt) => {
      clearTimeout(timer)
      socket.onopen = socket.onerror = socket.onclose = null
      // A socket that never opened is dropped; an error of its own must not surface as unhandled.
      socket.onerror = () => {}
      try {
        socket.close()
      } catch {}
      resolve(outcome)
    }
    const timer = setTimeout(() => end('timeout'), timeoutMs)
    ;(timer as { unref?: () => void }).unref?.()
    socket.onopen = () => end('opened')
    socket.onerror = () => end('refused')
    socket.onclose = () => end('closed')
  })
}
