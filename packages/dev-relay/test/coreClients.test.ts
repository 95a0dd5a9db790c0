import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateRandomBytes32 } from '@walletconnect/utils'
import { afterEach, describe, expect, test } from 'vitest'
import { type DevRelay, startDevRelay } from '../src/index.js'
import { createTestCore, removeDir, type TestCore } from './createTestCore.js'

const PUBLISH = { ttl: 300, tag: 5000 }
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const relayFor = async (options: Parameters<typeof startDevRelay>[0] = {}) => {
  const relay = await startDevRelay(options)
  cleanups.push(() => relay.close())
  return relay
}
/** A relay on a data dir of its own; `restart()` closes it and starts another on the same port and dir. */
const restartableRelayFor = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-relay-data-'))
  cleanups.push(() => removeDir(dataDir))
  let relay = await startDevRelay({ dataDir })
  const { port } = relay
  cleanups.push(() => relay.close())
  return {
    get relay() {
      return relay
    },
    async restart() {
      await relay.close()
      relay = await startDevRelay({ dataDir, port })
      return relay
    },
  }
}
const coreFor = async (relay: DevRelay, reuse?: { storageDir: string; prefix: string }) => {
  const client = await createTestCore({ relayUrl: relay.url, ...reuse })
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await client.stop()
  }
  cleanups.push(stop)
  if (!reuse) cleanups.unshift(() => removeDir(client.storageDir))
  return { ...client, stop }
}
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

    const b2 = await coreFor(relay, { storageDir: b.storageDir, prefix: b.prefix })
    await b2.core.relayer.subscribe(topic)
    await b2.waitFor(2)
    expect(texts(b2)).toEqual(['missed 1', 'missed 2'])
  })

  test('a relay restarted on the same port and dataDir loses nothing', async () => {
    const restartable = await restartableRelayFor()
    const relay = restartable.relay
    const a = await coreFor(relay)
    const b = await coreFor(relay)
    const topic = await shareTopic(a, b)
    await b.core.relayer.subscribe(topic)
    await b.stop()
    await send(a, topic, 'kept 1')
    await send(a, topic, 'kept 2')
    await a.stop()

    const b2 = await coreFor(await restartable.restart(), { storageDir: b.storageDir, prefix: b.prefix })
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
    const restartable = await restartableRelayFor()
    const relay = restartable.relay
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
    await restartable.restart()
    // A publish sent into the gap would wait for the client's own 15 s publish timeout before it retries.
    await Promise.all(reconnected)
    await send(a, topic, 'after')
    await b.waitFor(2)
    expect(texts(b)).toEqual(['before', 'after'])
  })
})
