import { createHash } from 'node:crypto'
import { printFigure } from '@chatsync/test/node'
import { generateKeyPair, signJWT } from '@walletconnect/relay-auth'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { type DevRelay, startDevRelay } from '../src/index.js'
import { createRawClientPool, refusedUpgrade as upgradeStatus } from './createRawClient.js'

/*
 * Abuse of the development relay by clients on the same machine (everything on 127.0.0.1, default
 * limits): connections without a valid token, oversized messages and frames, and one client
 * flooding publishes while another keeps talking. Figures are printed as `[figure]` lines.
 */

let relay: DevRelay
const { open, closeAll } = createRawClientPool(() => relay.url)
const topic = () => createHash('sha256').update(Math.random().toString()).digest('hex')

beforeAll(async () => {
  relay = await startDevRelay({ port: 0 })
})
afterEach(closeAll)
afterAll(async () => {
  await relay.close()
})

test('parameters: the relay listens on loopback only', () => {
  expect(new URL(relay.url).hostname).toBe('127.0.0.1')
})

describe('connections without a valid token', () => {
  test('behavior: no token is refused with HTTP 401', async () => {
    expect((await upgradeStatus(`${relay.url}/?projectId=p`)).status).toBe(401)
    expect((await upgradeStatus(`${relay.url}/?auth=&projectId=p`)).status).toBe(401)
  })

  test('behavior: an expired token (signed correctly, exp in the past) is refused with HTTP 401', async () => {
    const keyPair = generateKeyPair()
    const issuedAt = Math.floor(Date.now() / 1000) - 7200
    // exp = iat + ttl: an hour in the past.
    const expired = await signJWT(
      createHash('sha256').update('sub').digest('hex'),
      relay.url,
      3600,
      keyPair,
      issuedAt,
    )
    const refused = await upgradeStatus(`${relay.url}/?auth=${expired}&projectId=p`)
    expect(refused.status).toBe(401)
    expect(refused.body).toContain('expired')
    // The refusal does not repeat the token.
    expect(refused.body).not.toContain(expired)
    // The same key pair with a fresh token is let in: only the expiry was wrong.
    const fresh = await signJWT('sub', relay.url, 60, keyPair)
    const client = await open({ token: fresh })
    expect((await client.request('irn_subscribe', { topic: topic() })).json.result).toEqual(
      expect.any(String),
    )
  })
})

describe('oversized input', () => {
  test('behavior: a message over the message limit is refused, not stored and not delivered', async () => {
    const [publisher, subscriber] = [await open(), await open()]
    const t = topic()
    await subscriber.request('irn_subscribe', { topic: t })
    const refused = await publisher.request('irn_publish', {
      topic: t,
      message: 'x'.repeat(64 * 1024 + 1),
      ttl: 60,
      tag: 5000,
    })
    expect(refused.json.error).toMatchObject({ code: -32602 })
    const accepted = await publisher.request('irn_publish', { topic: t, message: 'fits', ttl: 60, tag: 5000 })
    expect(accepted.json.result).toBe(true)
    await subscriber.waitForPushes(1)
    expect(subscriber.pushes.map((p) => p.message)).toEqual(['fits'])
    // Nothing oversized was kept for later either.
    const late = await open()
    const history = await late.request('irn_fetchMessages', { topic: t })
    expect(
      (history.json.result as { messages: { message: string }[] }).messages.map((m) => m.message),
    ).toEqual(['fits'])
  })

  test('behavior: a frame over the frame limit closes only that connection', async () => {
    const [big, other] = [await open(), await open()]
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)))
    big.ws.send('x'.repeat(4 * 1024 * 1024 + 1))
    expect(await closed).toBe(1009)
    expect((await other.request('irn_subscribe', { topic: topic() })).json.result).toEqual(expect.any(String))
  })
})

describe('flood', () => {
  test('behavior: one client flooding 5,000 publishes does not stop another client’s messages', {
    timeout: 30_000,
  }, async () => {
    const scenario = 'relay flood (5,000 publishes as fast as possible)'
    const floodTopic = topic()
    const probeTopic = topic()
    const [flooder, floodSink, talker, listener] = [await open(), await open(), await open(), await open()]
    await floodSink.request('irn_subscribe', { topic: floodTopic })
    await listener.request('irn_subscribe', { topic: probeTopic })

    const arrivals = new Map<string, number>()
    listener.ws.on('message', (data) => {
      const text = data.toString()
      const match = /"message":"(probe-[a-z0-9]+)"/.exec(text)
      if (match?.[1]) arrivals.set(match[1], performance.now())
    })
    let floodAnswers = 0
    let floodErrors = 0
    flooder.ws.on('message', (data) => {
      const text = data.toString()
      if (text.includes('"result"')) floodAnswers++
      else if (text.includes('"error"')) floodErrors++
    })

    /**
     * Sends at least `count` probes, one every `everyMs` and more while `more()` holds; resolves with their
     * latencies once all arrived.
     */
    async function probe(count: number, everyMs: number, label: string, more = () => false) {
      const sentAt = new Map<string, number>()
      for (let i = 0; i < count || (more() && i < 10_000); i++) {
        const name = `probe-${label}${i}`.replace(/[^a-z0-9-]/g, '')
        const id = `${Date.now()}${String(i).padStart(6, '0')}`
        sentAt.set(name, performance.now())
        talker.ws.send(
          `{"id":${id},"jsonrpc":"2.0","method":"irn_publish","params":{"topic":"${probeTopic}","message":"${name}","ttl":60,"tag":5000}}`,
        )
        await new Promise((resolve) => setTimeout(resolve, everyMs))
      }
      const deadline = performance.now() + 20_000
      while ([...sentAt.keys()].some((name) => !arrivals.has(name)) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const latencies = [...sentAt.entries()]
        .filter(([name]) => arrivals.has(name))
        .map(([name, at]) => (arrivals.get(name) as number) - at)
        .sort((a, b) => a - b)
      return { sent: sentAt.size, arrived: latencies.length, latencies }
    }
    const quantile = (sorted: number[], q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

    // Baseline without a flood.
    const quiet = await probe(20, 5, 'q')

    const floodCount = 5000
    const floodStarted = performance.now()
    const payload = 'f'.repeat(200)
    const flood = (async () => {
      // As fast as the socket takes them, in slices so the talker's probes interleave.
      for (let i = 0; i < floodCount; i++) {
        flooder.ws.send(
          `{"id":${9_000_000_000 + i},"jsonrpc":"2.0","method":"irn_publish","params":{"topic":"${floodTopic}","message":"${payload}${i}","ttl":60,"tag":5000}}`,
        )
        if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    let floodMs = 0
    const floodServed = () => {
      const served = floodAnswers + floodErrors >= floodCount && floodSink.pushes.length >= floodCount
      if (served && floodMs === 0) floodMs = performance.now() - floodStarted
      return served
    }
    // Probes go on for as long as the flood is being served.
    const during = await probe(20, 5, 'f', () => !floodServed())
    await flood
    const deadline = performance.now() + 20_000
    while (!floodServed() && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))

    // Every probe arrived, during the flood as without it, and the flood itself was fully served.
    expect(quiet.arrived).toBe(quiet.sent)
    expect(during.arrived).toBe(during.sent)
    expect(floodAnswers).toBe(floodCount)
    expect(floodErrors).toBe(0)
    expect(floodSink.pushes).toHaveLength(floodCount)

    const ms = (value: number) => `${value.toFixed(1)} ms`
    printFigure(
      scenario,
      'probes arrived without / during the flood',
      `${quiet.arrived}/${quiet.sent}, ${during.arrived}/${during.sent}`,
    )
    printFigure(
      scenario,
      'probe latency without flood p50 / p95 / max',
      `${ms(quantile(quiet.latencies, 0.5))} / ${ms(quantile(quiet.latencies, 0.95))} / ${ms(quiet.latencies.at(-1) ?? NaN)}`,
    )
    printFigure(
      scenario,
      'probe latency during flood p50 / p95 / max',
      `${ms(quantile(during.latencies, 0.5))} / ${ms(quantile(during.latencies, 0.95))} / ${ms(during.latencies.at(-1) ?? NaN)}`,
    )
    printFigure(
      scenario,
      'flood publishes accepted and delivered',
      `${floodAnswers} accepted, ${floodSink.pushes.length} delivered in ${Math.round(floodMs)} ms`,
    )
  })
})
