import { startDevRelay } from '@chatsync/dev-relay'
import { createCleanup, recordMessages, startTestCore } from '@chatsync/test/node'
import { generateRandomBytes32 } from '@walletconnect/utils'
import { afterEach, describe, expect, test } from 'vitest'

const PUBLISH = { ttl: 300, tag: 5000 }
const cleanup = createCleanup()
afterEach(cleanup.run)

const relayFor = async (options: Parameters<typeof startDevRelay>[0] = {}) => {
  const relay = await startDevRelay(options)
  cleanup.add(() => relay.close())
  return relay
}
/** A core of its own on `relay` (on the storage of `reuse`: a restarted client), recording what it receives. */
const coreFor = async (relay: { url: string }, reuse?: { dir: string; prefix: string }) => {
  const testCore = await startTestCore(relay.url, reuse)
  cleanup.trackCore(testCore, { keepDir: reuse !== undefined })
  return { ...testCore, ...recordMessages(testCore.core), stop: testCore.close }
}
type TestCore = Awaited<ReturnType<typeof coreFor>>
/** Puts the same sym key on every client; returns its topic. */
const shareTopic = async (...clients: TestCore[]) => {
  const symKey = generateRandomBytes32()
  let topic = ''
  for (const client of clients) topic = await client.core.crypto.setSymKey(symKey)
  return topic
}
const send = async (client: TestCore, topic: string, text: string) => {
  const payload = { id: Date.now(), jsonrpc: '2.0', method: 'test_say', params: { text } }
  await client.core.relayer.publish(topic, await client.core.crypto.encode(topic, payload), PUBLISH)
}
const texts = (client: TestCore) =>
  client.received.map((r) => (r.payload as { params: { text: string } }).params.text)

describe('with @walletconnect/core clients', () => {
  test('two clients exchange encrypted messages both ways; a late third receives the earlier ones', async () => {
    const relay = await relayFor()
    const [a, b, c] = [await coreFor(relay), await coreFor(relay), await coreFor(relay)]
    const topic = await shareTopic(a, b, c)
    await a.core.relayer.subscribe(topic)
    await b.core.relayer.subscribe(topic)
    await send(a, topic, 'hello from a')
    await b.waitFor(1)
    await send(b, topic, 'hello from b')
    await a.waitFor(1)
    expect(texts(a)).toEqual(['hello from b'])
    expect(texts(b)).toEqual(['hello from a'])

    await c.core.relayer.subscribe(topic)
    await c.waitFor(2)
    expect(texts(c)).toEqual(['hello from a', 'hello from b'])
    // Each got its peers' messages once and never its own.
    await send(c, topic, 'hello from c')
    await Promise.all([a.waitFor(2), b.waitFor(2)])
    expect(texts(a)).toEqual(['hello from b', 'hello from c'])
    expect(texts(b)).toEqual(['hello from a', 'hello from c'])
    expect(texts(c)).toEqual(['hello from a', 'hello from b'])
  })

  test('a client restarted on the same storage receives what it missed', async () => {
    const relay = await relayFor()
    const a = await coreFor(relay)
    const b = await coreFor(relay)
    const topic = await shareTopic(a, b)
    await a.core.relayer.subscribe(topic)
    await b.core.relayer.subscribe(topic)
    await send(a, topic, 'before')
    await b.waitFor(1)
    await b.stop()
    await send(a, topic, 'missed 1')
    await send(a, topic, 'missed 2')

    const b2 = await coreFor(relay, { dir: b.dir, prefix: b.prefix })
    await b2.core.relayer.subscribe(topic)
    await b2.waitFor(2)
    expect(texts(b2)).toEqual(['missed 1', 'missed 2'])
  })

  test('a relay restarted on the same port and dataDir loses nothing', async () => {
    const relay = await cleanup.restartableRelay()
    const a = await coreFor(relay)
    const b = await coreFor(relay)
    const topic = await shareTopic(a, b)
    await b.core.relayer.subscribe(topic)
    await b.stop()
    await send(a, topic, 'kept 1')
    await send(a, topic, 'kept 2')
    await a.stop()

    await relay.stop()
    await relay.restart()
    const b2 = await coreFor(relay, { dir: b.dir, prefix: b.prefix })
    await b2.core.relayer.subscribe(topic)
    await b2.waitFor(2)
    expect(texts(b2)).toEqual(['kept 1', 'kept 2'])
  })

  test('history is fetched in pages under 300 KB, each message once, and not pushed again on subscribe', async () => {
    const relay = await relayFor()
    const a = await coreFor(relay)
    const b = await coreFor(relay)
    const topic = await shareTopic(a, b)
    const filler = 'x'.repeat(30_000)
    const count = 30
    for (let i = 0; i < count; i++) await send(a, topic, `${i} ${filler}`)

    const seen: string[] = []
    let pages = 0
    for (;;) {
      const page = (await b.core.relayer.request({
        method: 'irn_batchFetchMessages',
        params: { topics: [topic] },
      })) as unknown as { messages: { topic: string; message: string }[]; hasMore: boolean }
      pages++
      expect(JSON.stringify(page).length).toBeLessThan(300_000)
      for (const m of page.messages) {
        const payload = (await b.core.crypto.decode(m.topic, m.message)) as { params: { text: string } }
        seen.push(payload.params.text.split(' ')[0]!)
      }
      if (!page.hasMore) break
    }
    expect(pages).toBeGreaterThan(2)
    expect(seen.map(Number).sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i))

    await b.core.relayer.subscribe(topic)
    await send(a, topic, 'live')
    await b.waitFor(1)
    expect(texts(b)).toEqual(['live'])
  })

  test('connected clients reconnect by themselves when the relay comes back on the same port', async () => {
    const relay = await cleanup.restartableRelay()
    const a = await coreFor(relay)
    const b = await coreFor(relay)
    const topic = await shareTopic(a, b)
    await a.core.relayer.subscribe(topic)
    await b.core.relayer.subscribe(topic)
    await send(a, topic, 'before')
    await b.waitFor(1)

    const reconnected = [a, b].map(
      (c) => new Promise<void>((resolve) => c.core.relayer.once('relayer_connect', resolve)),
    )
    await relay.stop()
    await relay.restart()
    // A publish sent into the gap would wait for the client's own 15 s publish timeout before it retries.
    await Promise.all(reconnected)
    await send(a, topic, 'after')
    await b.waitFor(2)
    expect(texts(b)).toEqual(['before', 'after'])
  })
})
