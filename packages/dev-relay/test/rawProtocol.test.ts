import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJWT, generateKeyPair, signJWT } from '@walletconnect/relay-auth'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { type DevRelay, startDevRelay } from '../src/index.js'
import { createAuthToken, createRawClientPool, refusedUpgrade } from './createRawClient.js'

let relay: DevRelay
const { open, closeAll } = createRawClientPool(() => relay.url)
const topic = () => createHash('sha256').update(Math.random().toString()).digest('hex')
const errorOf = (frame: { json: Record<string, unknown> }) =>
  frame.json.error as { code: number; message: string }

/** Resolves with the HTTP status of a refused upgrade. */
const upgradeStatus = async (url: string) => (await refusedUpgrade(url)).status

beforeAll(async () => {
  relay = await startDevRelay({ maxMessageBytes: 1024, maxTopicsPerConnection: 3, maxFrameBytes: 64 * 1024 })
})
afterEach(closeAll)
afterAll(async () => {
  await relay.close()
})

describe('auth at the upgrade', () => {
  test('missing, malformed, forged and expired tokens get HTTP 401', async () => {
    expect(await upgradeStatus(`${relay.url}/?projectId=x`)).toBe(401)
    expect(await upgradeStatus(`${relay.url}/?auth=not.a.jwt`)).toBe(401)
    const valid = await createAuthToken({ relayUrl: relay.url })
    const [header, payload, signature] = valid.split('.')
    const otherSignature = (await createAuthToken({ relayUrl: relay.url })).split('.')[2]
    expect(await upgradeStatus(`${relay.url}/?auth=${header}.${payload}.${otherSignature}`)).toBe(401)
    expect(signature).not.toBe(otherSignature)
    const expired = await signJWT(
      'sub',
      relay.url,
      60,
      generateKeyPair(),
      Math.floor(Date.now() / 1000) - 3600,
    )
    expect(await upgradeStatus(`${relay.url}/?auth=${expired}`)).toBe(401)
    // The relay keeps serving authenticated clients.
    const client = await open({ token: valid })
    expect((await client.request('irn_subscribe', { topic: topic() })).json.result).toEqual(
      expect.any(String),
    )
  })
})

describe('requests', () => {
  test('subscription id is sha256(topic + client id); subscribe is idempotent', async () => {
    const token = await createAuthToken({ relayUrl: relay.url })
    const client = await open({ token })
    const t = topic()
    const expected = createHash('sha256')
      .update(t + decodeJWT(token).payload.iss)
      .digest('hex')
    expect((await client.request('irn_subscribe', { topic: t })).json.result).toBe(expected)
    expect((await client.request('irn_batchSubscribe', { topics: [t, t] })).json.result).toEqual([
      expected,
      expected,
    ])
    expect((await client.request('irn_unsubscribe', { topic: t, id: expected })).json.result).toBe(true)
  })

  test('19-digit ids come back byte for byte, as numbers or strings', async () => {
    const client = await open()
    const numeric = await client.sendRaw(
      `{"id":1731234567890123457,"jsonrpc":"2.0","method":"irn_subscribe","params":{"topic":"${topic()}"}}`,
      '1731234567890123457',
    )
    expect(numeric.text.startsWith('{"id":1731234567890123457,')).toBe(true)
    const quoted = await client.sendRaw(
      `{"jsonrpc":"2.0","params":{"topic":"${topic()}","id":"inner"},"id":"9007199254740993123","method":"irn_unsubscribe"}`,
      '"9007199254740993123"',
    )
    expect(quoted.json).toEqual({ id: '9007199254740993123', jsonrpc: '2.0', result: true })
  })

  test('malformed frames, unknown methods and bad params get JSON-RPC errors on a connection that keeps working', async () => {
    const client = await open()
    expect(errorOf(await client.sendRaw('this is not json')).code).toBe(-32700)
    expect(errorOf(await client.sendRaw('[1,2,3]')).code).toBe(-32600)
    expect(errorOf(await client.sendRaw('{"id":1,"jsonrpc":"2.0","method":42}')).code).toBe(-32600)
    expect(errorOf(await client.request('irn_teleport', {}))).toMatchObject({ code: -32601 })
    expect(errorOf(await client.request('irn_subscribe', { topic: 5 }))).toMatchObject({
      code: -32602,
      message: expect.stringContaining('"topic"'),
    })
    expect(errorOf(await client.request('irn_subscribe', null)).message).toContain('"params"')
    expect(errorOf(await client.request('irn_batchSubscribe', { topics: 'a' })).message).toContain('"topics"')
    expect(errorOf(await client.request('irn_batchSubscribe', { topics: ['a', 3] })).message).toContain(
      'topics[1]',
    )
    expect(errorOf(await client.request('irn_publish', { topic: topic(), ttl: 60 })).message).toContain(
      '"message"',
    )
    expect(
      errorOf(await client.request('irn_publish', { topic: topic(), message: 'm', ttl: '60' })).message,
    ).toContain('"ttl"')
    expect(
      errorOf(
        await client.request('irn_batchPublish', {
          messages: [{ topic: topic(), message: 'ok' }, { topic: 1 }],
        }),
      ).message,
    ).toContain('messages[1].topic')
    expect(errorOf(await client.request('irn_batchUnsubscribe', { subscriptions: [{}] })).message).toContain(
      'subscriptions[0].topic',
    )
    expect((await client.request('irn_subscribe', { topic: topic() })).json.result).toEqual(
      expect.any(String),
    )
  })

  test('an oversized message is refused; nothing is stored and others keep being served', async () => {
    const [a, b] = [await open(), await open()]
    const t = topic()
    await b.request('irn_subscribe', { topic: t })
    const refused = errorOf(
      await a.request('irn_publish', { topic: t, message: 'x'.repeat(1025), ttl: 60, tag: 1 }),
    )
    expect(refused).toMatchObject({ code: -32602, message: expect.stringContaining('maximum of 1024') })
    // The batch with one oversized message is refused as a whole.
    const batch = await a.request('irn_batchPublish', {
      messages: [
        { topic: t, message: 'small', ttl: 60, tag: 1 },
        { topic: t, message: 'y'.repeat(2000), ttl: 60, tag: 1 },
      ],
    })
    expect(errorOf(batch).message).toContain('messages[1].message')
    expect((await a.request('irn_publish', { topic: t, message: 'fits', ttl: 60, tag: 1 })).json.result).toBe(
      true,
    )
    await b.waitForPushes(1)
    expect(b.pushes.map((p) => p.message)).toEqual(['fits'])
  })

  test('a frame over the frame limit closes only that connection', async () => {
    const [big, other] = [await open(), await open()]
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)))
    big.ws.send('x'.repeat(70 * 1024))
    expect(await closed).toBe(1009)
    expect((await other.request('irn_subscribe', { topic: topic() })).json.result).toEqual(expect.any(String))
  })

  test('topics per connection are limited', async () => {
    const client = await open()
    await client.request('irn_batchSubscribe', { topics: [topic(), topic()] })
    const t = topic()
    expect((await client.request('irn_subscribe', { topic: t })).json.result).toEqual(expect.any(String))
    // Subscribing again to a known topic is fine; a fourth topic is not.
    expect((await client.request('irn_subscribe', { topic: t })).json.result).toEqual(expect.any(String))
    expect(errorOf(await client.request('irn_subscribe', { topic: topic() }))).toMatchObject({
      code: -32000,
      message: expect.stringContaining('at most 3'),
    })
    expect(
      errorOf(
        await client.request('irn_batchFetchMessages', { topics: [topic(), topic(), topic(), topic()] }),
      ).code,
    ).toBe(-32000)
  })
})

describe('delivery', () => {
  test('pushes go to every other subscriber, never back to the publisher', async () => {
    const [a, b, c] = [await open(), await open(), await open()]
    const t = topic()
    for (const client of [a, b, c]) await client.request('irn_subscribe', { topic: t })
    await a.request('irn_publish', { topic: t, message: 'from-a', ttl: 60, tag: 1 })
    await b.request('irn_batchPublish', { messages: [{ topic: t, message: 'from-b', ttl: 60, tag: 1 }] })
    await Promise.all([a.waitForPushes(1), b.waitForPushes(1), c.waitForPushes(2)])
    expect(a.pushes.map((p) => p.message)).toEqual(['from-b'])
    expect(b.pushes.map((p) => p.message)).toEqual(['from-a'])
    expect(c.pushes.map((p) => p.message)).toEqual(['from-a', 'from-b'])
    // The publisher's own messages are not in its mailbox either.
    const fetched = await a.request('irn_fetchMessages', { topic: t })
    expect(fetched.json.result).toEqual({ messages: [], hasMore: false })
  })

  test('a fetch delivers history once; a subscribe afterwards pushes only what came since', async () => {
    const [a, b] = [await open(), await open()]
    const t = topic()
    for (const message of ['one', 'two'])
      await a.request('irn_publish', { topic: t, message, ttl: 60, tag: 7 })
    const fetched = (await b.request('irn_batchFetchMessages', { topics: [t] })).json.result as {
      messages: { topic: string; message: string; publishedAt: number; tag: number }[]
      hasMore: boolean
    }
    expect(fetched.hasMore).toBe(false)
    expect(fetched.messages.map((m) => [m.topic, m.message, m.tag])).toEqual([
      [t, 'one', 7],
      [t, 'two', 7],
    ])
    await b.request('irn_subscribe', { topic: t })
    await a.request('irn_publish', { topic: t, message: 'three', ttl: 60, tag: 7 })
    await b.waitForPushes(1)
    expect(b.pushes.map((p) => p.message)).toEqual(['three'])
  })

  test('unacked pushes come again on the next subscribe; acked ones do not', async () => {
    const seed = generateKeyPair().secretKey.slice(0, 32)
    const a = await open()
    const t = topic()
    const silent = await open({ seed, ack: false })
    await silent.request('irn_subscribe', { topic: t })
    await a.request('irn_publish', { topic: t, message: 'unacked', ttl: 60, tag: 1 })
    await silent.waitForPushes(1)
    await silent.close()

    const acking = await open({ seed })
    await acking.request('irn_subscribe', { topic: t })
    await acking.waitForPushes(1)
    expect(acking.pushes.map((p) => p.message)).toEqual(['unacked'])
    // Wait for the relay to take the ack: a later message arrives after it.
    await a.request('irn_publish', { topic: t, message: 'later', ttl: 60, tag: 1 })
    await acking.waitForPushes(2)
    await acking.close()

    const again = await open({ seed })
    expect((await again.request('irn_fetchMessages', { topic: t })).json.result).toEqual({
      messages: [],
      hasMore: false,
    })
  })

  test('a push the client skipped while acking later ones is pushed again', async () => {
    const a = await open()
    const t = topic()
    // Acks everything except the first push of 'lost'.
    const b = await open({ ack: ({ message, index }) => !(message === 'lost' && index === 0) })
    await b.request('irn_subscribe', { topic: t })
    await a.request('irn_publish', { topic: t, message: 'lost', ttl: 60, tag: 1 })
    await a.request('irn_publish', { topic: t, message: 'next', ttl: 60, tag: 1 })
    await b.waitForPushes(3)
    expect(b.pushes.map((p) => p.message)).toEqual(['lost', 'next', 'lost'])
    // Acked this time (the ack went out before this request): nothing is pending for b any more.
    expect((await b.request('irn_fetchMessages', { topic: t })).json.result).toEqual({
      messages: [],
      hasMore: false,
    })
  })

  test('expired messages are not delivered', async () => {
    const [a, b] = [await open(), await open()]
    const t = topic()
    await a.request('irn_publish', { topic: t, message: 'brief', ttl: 1, tag: 1 })
    await a.request('irn_publish', { topic: t, message: 'lasting', ttl: 60, tag: 1 })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await b.request('irn_subscribe', { topic: t })
    await b.waitForPushes(1)
    await a.request('irn_publish', { topic: t, message: 'marker', ttl: 60, tag: 1 })
    await b.waitForPushes(2)
    expect(b.pushes.map((p) => p.message)).toEqual(['lasting', 'marker'])
  })
})

describe('server', () => {
  test('a plain HTTP request gets a 200 answer (readiness probes)', async () => {
    const response = await fetch(relay.url.replace('ws://', 'http://'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('WebSocket')
  })

  test('connections are limited with HTTP 503, and a slot frees up on close', async () => {
    const small = await startDevRelay({ maxConnections: 2 })
    try {
      const first = await open({}, small.url)
      await open({}, small.url)
      const token = await createAuthToken({ relayUrl: small.url })
      expect(await upgradeStatus(`${small.url}/?auth=${token}`)).toBe(503)
      await first.close()
      await new Promise((resolve) => setTimeout(resolve, 50))
      const third = await open({}, small.url)
      expect((await third.request('irn_subscribe', { topic: topic() })).json.result).toEqual(
        expect.any(String),
      )
    } finally {
      await small.close()
    }
  })

  test('pings every interval; restart on the same port with the same dataDir keeps messages and delivery state', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dev-relay-data-'))
    try {
      let server = await startDevRelay({ dataDir, pingIntervalMs: 50 })
      const seedB = generateKeyPair().secretKey.slice(0, 32)
      const a = await open({}, server.url)
      const b = await open({ seed: seedB }, server.url)
      const pinged = new Promise<void>((resolve) => b.ws.once('ping', () => resolve()))
      await pinged
      const t = topic()
      await b.request('irn_subscribe', { topic: t })
      await a.request('irn_publish', { topic: t, message: 'seen-before', ttl: 60, tag: 1 })
      await b.waitForPushes(1)
      await b.close()
      await a.request('irn_publish', { topic: t, message: 'missed', ttl: 60, tag: 1 })
      // Let b's ack reach the relay before it stops: a round trip on a's socket orders after it.
      await a.request('irn_subscribe', { topic: topic() })

      const { port } = server
      await server.close()
      server = await startDevRelay({ dataDir, port })
      try {
        expect(server.port).toBe(port)
        const b2 = await open({ seed: seedB }, server.url)
        await b2.request('irn_subscribe', { topic: t })
        await b2.waitForPushes(1)
        const a2 = await open({}, server.url)
        await a2.request('irn_publish', { topic: t, message: 'after-restart', ttl: 60, tag: 1 })
        await b2.waitForPushes(2)
        expect(b2.pushes.map((p) => p.message)).toEqual(['missed', 'after-restart'])
      } finally {
        await server.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
