import { randomBytes } from 'node:crypto'
import { generateKeyPair, signJWT } from '@walletconnect/relay-auth'
import WebSocket from 'ws'

/** A relay-auth token as `@walletconnect/core` makes one, for a fresh (or the given) key pair. */
export async function createAuthToken({
  relayUrl,
  ttlSeconds = 86_400,
  seed,
}: {
  relayUrl: string
  ttlSeconds?: number
  seed?: Uint8Array
}): Promise<string> {
  const keyPair = generateKeyPair(seed)
  return signJWT(randomBytes(32).toString('hex'), relayUrl, ttlSeconds, keyPair)
}

export type RawFrame = { text: string; json: Record<string, unknown> }

export type RawClient = {
  ws: WebSocket
  /** Every frame the relay sent, in order. */
  frames: RawFrame[]
  /** `irn_subscription` pushes received so far. */
  pushes: { topic: string; message: string; subscriptionId: string; rawId: string }[]
  /** Sends `text` as is and resolves with the next frame answering it (matched by raw id text, or the next error). */
  sendRaw(text: string, rawId?: string): Promise<RawFrame>
  request(method: string, params: unknown): Promise<RawFrame>
  waitForPushes(count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

let nextId = 1

/**
 * A bare WebSocket client speaking the relay protocol by hand (no `@walletconnect/core`),
 * acking pushes unless `ack: false`.
 */
export async function createRawClient({
  relayUrl,
  token,
  ack = true,
  seed,
}: {
  relayUrl: string
  token?: string
  /** Ack pushes (default), or only those the function accepts. */
  ack?: boolean | ((push: { message: string; index: number }) => boolean)
  seed?: Uint8Array
}): Promise<RawClient> {
  const auth = token ?? (await createAuthToken({ relayUrl, seed }))
  const ws = new WebSocket(`${relayUrl}/?auth=${encodeURIComponent(auth)}&projectId=test`)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const frames: RawFrame[] = []
  const pushes: RawClient['pushes'] = []
  const waiting: { match: (frame: RawFrame) => boolean; resolve: (frame: RawFrame) => void }[] = []
  const pushWaiters = new Set<() => void>()
  ws.on('message', (data) => {
    const text = data.toString()
    const json = JSON.parse(text) as Record<string, unknown>
    const frame = { text, json }
    frames.push(frame)
    if (json.method === 'irn_subscription') {
      const params = json.params as { id: string; data: { topic: string; message: string } }
      const rawId = String(json.id)
      pushes.push({
        topic: params.data.topic,
        message: params.data.message,
        subscriptionId: params.id,
        rawId,
      })
      const shouldAck =
        typeof ack === 'function' ? ack({ message: params.data.message, index: pushes.length - 1 }) : ack
      if (shouldAck) ws.send(`{"id":${rawId},"jsonrpc":"2.0","result":true}`)
      for (const waiter of pushWaiters) waiter()
      return
    }
    const index = waiting.findIndex((w) => w.match(frame))
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(frame)
  })
  const sendRaw = (text: string, rawId?: string) =>
    new Promise<RawFrame>((resolve) => {
      const match = (frame: RawFrame) =>
        rawId === undefined ? 'error' in frame.json : frame.text.startsWith(`{"id":${rawId},`)
      waiting.push({ match, resolve })
      ws.send(text)
    })
  return {
    ws,
    frames,
    pushes,
    sendRaw,
    request(method, params) {
      const rawId = String(nextId++)
      return sendRaw(JSON.stringify({ id: Number(rawId), jsonrpc: '2.0', method, params }), rawId)
    },
    waitForPushes(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pushes.length < count) return
          clearTimeout(timer)
          pushWaiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          pushWaiters.delete(check)
          reject(new Error(`received ${pushes.length} of ${count} pushes`))
        }, timeoutMs)
        pushWaiters.add(check)
        check()
      })
    },
    close() {
      return new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve()
        ws.once('close', () => resolve())
        ws.close()
      })
    },
  }
}

/** Raw clients that `closeAll()` closes (after each test); `open` connects one to `relayUrl()` by default. */
export function createRawClientPool(relayUrl: () => string) {
  const clients: RawClient[] = []
  return {
    async open(options: Partial<Parameters<typeof createRawClient>[0]> = {}, url = relayUrl()) {
      const client = await createRawClient({ relayUrl: url, ...options })
      clients.push(client)
      return client
    },
    async closeAll() {
      await Promise.all(clients.splice(0).map((client) => client.close()))
    },
  }
}

/** The HTTP status and body of an upgrade the relay refuses (rejects if it accepts the connection). */
export function refusedUpgrade(url: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body })
        ws.terminate()
      })
    })
    ws.once('open', () => {
      ws.close()
      reject(new Error('connection was accepted'))
    })
    ws.once('error', () => {})
  })
}
