import { generateKeyPair, signJWT } from '@walletconnect/relay-auth'
import { getWebSocket } from '#platform-websocket'
import { RelayDisconnectedError } from '../../errors/relay.js'
import { randomBytes } from '../../platform/randomBytes.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import type { RelayRequester } from './fetchHistory.js'
import { withTimeout } from './relayRequest.js'

export type RelayConnection = { request: RelayRequester; close(): void }

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')

/**
 * A relay connection of our own under a fresh client identity (a new Ed25519 key, so a new `iss` in the
 * auth token): the relay's mailbox is per client id, and a new one has been handed nothing yet, so it
 * gets every message the relay still stores. Used to rebuild an account from the relay after this
 * device may have lost what its usual identity was already handed. `undefined` when the core does not
 * say where its relay is, or the platform has no WebSocket.
 */
export async function openRelayConnection(core: ChatSyncCore): Promise<RelayConnection | undefined> {
  const relayUrl = core.relayer.relayUrl
  const Socket = getWebSocket()
  if (typeof relayUrl !== 'string' || !relayUrl || !Socket) return undefined
  const auth = await signJWT(hex(randomBytes(32)), relayUrl, 86_400, generateKeyPair(randomBytes(32)))
  // Written out rather than with URLSearchParams, which React Native implements only in part.
  const query = Object.entries({
    auth,
    projectId: core.projectId ?? '',
    ua: 'wc-2/js-chatsync/history-reader',
    useOnCloseEvent: 'true',
  })
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  const socket = new Socket(`${relayUrl}${relayUrl.includes('?') ? '&' : '?'}${query}`)
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = Date.now() * 1000
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  socket.onmessage = (event: { data: unknown }) => {
    let frame: { id?: unknown; result?: unknown; error?: { message?: unknown } }
    try {
      frame = JSON.parse(String(event.data))
    } catch {
      return
    }
    const waiter = pending.get(Number(frame.id))
    if (!waiter) return
    pending.delete(Number(frame.id))
    if (frame.error) waiter.reject(new Error(String(frame.error.message ?? 'relay error')))
    else waiter.resolve(frame.result)
  }
  socket.onclose = () => failAll(new RelayDisconnectedError())
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve()
      socket.onerror = () => reject(new RelayDisconnectedError())
    }),
    ENGINE_LIMITS.requestTimeoutMs,
    'history connection',
  ).catch((error) => {
    socket.close()
    throw error
  })
  return {
    request(method, params) {
      const id = ++nextId
      const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }))
      socket.send(JSON.stringify({ id, jsonrpc: '2.0', method, params }))
      return withTimeout(answer, ENGINE_LIMITS.requestTimeoutMs, method)
    },
    close() {
      socket.onclose = null
      failAll(new RelayDisconnectedError())
      socket.close()
    },
  }
}
