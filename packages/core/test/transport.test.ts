import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterEach, expect, test } from 'vitest'

/*
 * An app may close the core's relay transport on purpose (`transportClose()`, e.g. when it goes to the
 * background) and open it again later (`transportOpen()`). The core opens nothing when it has no topics
 * of its own, which is the case when only chatsync uses the relay: the engine must reconnect by itself.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup

afterEach(cleanup.run)

test('behavior: writes made while the app kept the transport closed reach the other device after transportOpen, with no app help', async () => {
  const wallet = await createWallet()
  const a = track(await startDevice(relayUrl))
  const b = track(await startDevice(relayUrl))
  await a.client.register(wallet)
  await b.client.register(wallet)
  await a.core.relayer.transportClose()
  expect(a.core.relayer.connected).toBe(false)
  const writes = []
  for (let n = 0; n < 5; n++) {
    writes.push(await a.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(n) }))
  }
  // Closed on purpose: nothing goes out, and the engine does not reopen it by itself.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  expect(a.core.relayer.connected).toBe(false)
  expect(Object.keys(b.client.getSnapshot({ account: wallet.account }).stores.threads.entries)).toHaveLength(
    0,
  )

  await a.core.relayer.transportOpen()
  await Promise.all(writes.map((write) => write.delivered))
  await waitFor(
    () => Object.keys(b.client.getSnapshot({ account: wallet.account }).stores.threads.entries).length === 5,
    { what: 'the writes on the other device' },
  )
  // A is subscribed again too: what B writes now reaches it.
  await b.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(9) })
  await waitFor(
    () => Object.keys(a.client.getSnapshot({ account: wallet.account }).stores.threads.entries).length === 6,
    { what: 'a write of the other device' },
  )
})

test.each([0, 500, 1000])(
  'behavior: the transport closed %i ms after the relay came back (the core still connecting), then opened: the engine reconnects and delivers',
  {
    timeout: 60_000,
  },
  async (delay) => {
    const relay = await cleanup.restartableRelay()
    const wallet = await createWallet()
    const a = track(await startDevice(relay.url))
    const b = track(await startDevice(relay.url))
    await a.client.register(wallet)
    await b.client.register(wallet)
    await relay.stop()
    await new Promise((resolve) => setTimeout(resolve, 1700))
    await relay.restart()
    await new Promise((resolve) => setTimeout(resolve, delay))
    // Closed while the core may still be connecting: the core can be left with a connection that never
    // opens, on which every request waits (the engine's included).
    await a.core.relayer.transportClose().catch(() => {})
    const write = await a.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(7) })
    await new Promise((resolve) => setTimeout(resolve, 300))
    void a.core.relayer.transportOpen().catch(() => {})
    await waitFor(() => a.core.relayer.connected, { timeoutMs: 20_000, what: 'the core to reconnect' })
    await write.delivered
    const topic = payloads.thread(7).topic
    await waitFor(
      () => b.client.getSnapshot({ account: wallet.account }).stores.threads.entries[topic] !== undefined,
      {
        timeoutMs: 20_000,
        what: 'the other device to receive the write',
      },
    )
  },
)

/**
 * A TCP relay in front of the dev relay that holds each new connection `holdMs` before passing it on:
 * the core's connection attempt then runs that long (its socket opens afterwards).
 */
async function startHoldingProxy(target: string) {
  const { hostname, port } = new URL(target)
  const sockets = new Set<Socket>()
  let holdMs = 0
  let dropFetchAnswer = false
  let dropped = 0
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        client.destroy()
        upstream.destroy()
        sockets.delete(socket)
      })
    }
    client.pause()
    setTimeout(() => {
      client.pipe(upstream)
      upstream.on('data', (chunk: Buffer) => {
        // The relay's answer to a history read with messages in it (frames are not compressed here).
        if (dropFetchAnswer && chunk.includes('"hasMore"') && chunk.includes('"messages":[{')) {
          dropFetchAnswer = false
          dropped++
          client.destroy()
          upstream.destroy()
          return
        }
        client.write(chunk)
      })
      client.resume()
    }, holdMs)
  })
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  cleanup.add(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold(ms: number) {
      holdMs = ms
    },
    /** The next answer to a history read that holds messages never arrives: its connection is cut. */
    dropNextFetchAnswer() {
      dropFetchAnswer = true
    },
    get dropped() {
      return dropped
    },
  }
}

test('behavior: a history page the relay sent but the device never got (its connection cut) is read again under a fresh identity', {
  timeout: 60_000,
}, async () => {
  // The relay counts a page as delivered once it sends it: reading again under the same client id
  // would never return those messages.
  const proxy = await startHoldingProxy(relayUrl)
  const wallet = await createWallet()
  const a = track(await startDevice(relayUrl))
  const b = track(await startDevice(proxy.url))
  await a.client.register(wallet)
  await b.client.register(wallet)
  await b.core.relayer.transportClose()
  const writes = []
  for (let n = 0; n < 5; n++) {
    writes.push(await a.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(n) }))
  }
  await Promise.all(writes.map((write) => write.delivered))
  proxy.dropNextFetchAnswer()
  await b.core.relayer.transportOpen()
  await waitFor(() => proxy.dropped === 1, { what: 'a history page dropped' })
  await waitFor(
    () => Object.keys(b.client.getSnapshot({ account: wallet.account }).stores.threads.entries).length === 5,
    { timeoutMs: 20_000, what: 'the five writes on the device whose page was lost' },
  )
})

test.each([
  { when: 'after', holdMs: 1_000 },
  { when: 'before', holdMs: 1_000 },
  // The core's attempt outlasts the engine's wait for an answer: a restart meanwhile does nothing.
  { when: 'before', holdMs: 4_000 },
] as const)(
  'behavior: a connection the core opens after the app closed the transport (it was connecting then), the app opening it again $when that socket opened (held $holdMs ms): the engine publishes again',
  { timeout: 60_000 },
  async ({ when, holdMs }) => {
    const proxy = await startHoldingProxy(relayUrl)
    const wallet = await createWallet()
    const a = track(await startDevice(proxy.url))
    const b = track(await startDevice(relayUrl))
    await a.client.register(wallet)
    await b.client.register(wallet)
    const relayer = a.core.relayer as typeof a.core.relayer & {
      connectionAttemptInProgress: boolean
      transportExplicitlyClosed: boolean
    }
    // The app closes the transport while the core is connecting (its connection held): the core's
    // attempt goes on and opens its socket, but the core keeps the transport marked closed on purpose.
    await relayer.transportClose()
    proxy.hold(holdMs)
    void relayer.transportOpen().catch(() => {})
    await waitFor(() => relayer.connectionAttemptInProgress, { what: 'a connection attempt of the core' })
    await relayer.transportClose()
    expect(relayer.connected).toBe(false)
    proxy.hold(0)
    if (when === 'after') {
      await waitFor(() => relayer.connected, { what: 'the socket of that attempt' })
      expect(relayer.transportExplicitlyClosed).toBe(true)
    } else expect(relayer.connectionAttemptInProgress).toBe(true)

    // Opened again: `before`, the engine's request waits for the core's attempt, whose socket then opens
    // held closed.
    const opened = relayer.transportOpen()
    const write = await a.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(7) })
    await opened
    const delivered = await Promise.race([
      write.delivered.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ])
    expect(delivered, 'the write delivered within 20 s of transportOpen').toBe(true)
    await waitFor(
      () =>
        b.client.getSnapshot({ account: wallet.account }).stores.threads.entries[payloads.thread(7).topic] !==
        undefined,
      { timeoutMs: 20_000, what: 'the other device to receive the write' },
    )
    expect(a.client.inspect({ account: wallet.account })?.relay.connection).toBe('connected')
  },
)
