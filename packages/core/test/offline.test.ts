import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, startDevice } from '@chatsync/test/node'
import { afterEach, expect, test } from 'vitest'

/*
 * The relay goes away and comes back on the same port with its message log (dataDir), as a restarted
 * relay server would. The cores notice on their own (a failed request, or their 5 s heartbeat), so these
 * tests wait up to a few heartbeats.
 */

const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

test('behavior: with the relay down, writes apply locally and are delivered once it is back', {
  timeout: 40_000,
}, async () => {
  const relay = await cleanup.restartableRelay()
  const { account, signature } = await createWallet()
  const a = track(await startDevice(relay.url))
  const b = track(await startDevice(relay.url))
  await a.client.register({ account, signature })
  await b.client.register({ account, signature })
  // Registered here for the first time: what shows came from the relay, not from storage.
  expect(a.client.getSnapshot({ account }).restored).toBe(false)

  await relay.stop()
  const thread = payloads.thread(1)
  const write = await a.client.set({ account, store: 'threads', value: thread })
  const removal = await a.client.delete({ account, store: 'inviteKeys', key: 'eip155:1:0xgone' })
  expect(a.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
  let delivered = false
  void write.delivered.then(() => {
    delivered = true
  })
  await new Promise((resolve) => setTimeout(resolve, 600))
  expect(delivered).toBe(false)

  // Until the relay accepts them, the written keys are unsynced (a chat UI's "sending…").
  const pending = a.client.getSnapshot({ account }).unsynced
  expect([...pending.threads]).toEqual([thread.topic])
  expect([...pending.inviteKeys]).toEqual(['eip155:1:0xgone'])
  const settled: string[][] = []
  a.client.on('change', (event) => {
    if (event.source === 'delivered') settled.push([...event.stores])
  })

  await relay.restart()
  await write.delivered
  await removal.delivered
  await waitFor(() => a.client.getSnapshot({ account }).unsynced.inviteKeys.size === 0, {
    what: 'the delivered writes to be synced',
  })
  expect(a.client.getSnapshot({ account }).unsynced.threads.size).toBe(0)
  expect(settled.flat().sort()).toEqual(['inviteKeys', 'threads'])
  await waitFor(() => b.client.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined, {
    timeoutMs: 20_000,
    what: 'B to receive the write made while the relay was down',
  })
  expect(b.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
  expect(b.client.getSnapshot({ account }).stores.inviteKeys.ids['eip155:1:0xgone']).toBe(removal.id)
  // The failures were reported, as relay errors (never as anything thrown at the caller): failed requests,
  // and the relay unreachable when it stayed away long enough for the device to count as offline.
  expect(a.errors.length).toBeGreaterThan(0)
  expect(
    a.errors.every((e) => e.error.name === 'RelayRequestError' || e.error.name === 'RelayUnreachableError'),
  ).toBe(true)
})

test('behavior: the outbox survives a restart of the writing client', { timeout: 40_000 }, async () => {
  const relay = await cleanup.restartableRelay()
  const { account, signature } = await createWallet()
  const a = await startDevice(relay.url)
  const b = track(await startDevice(relay.url))
  await a.client.register({ account, signature })
  await b.client.register({ account, signature })
  const early = await a.client.set({ account, store: 'threads', value: payloads.thread(1) })
  await early.delivered

  await relay.stop()
  const offline = [
    await a.client.set({ account, store: 'sentInvites', value: payloads.sentInvite(1) }),
    await a.client.set({ account, store: 'threads', value: payloads.thread(2) }),
    await a.client.delete({ account, store: 'threads', key: payloads.thread(1).topic }),
  ]
  const expected = a.client.getSnapshot({ account }).stores
  // Shut down before delivery: the pending `delivered` promises reject, unobserved, without an
  // unhandled rejection (vitest would fail the run).
  await a.shutdown()

  const again = track(await startDevice(relay.url, { dir: a.dir, prefix: a.prefix }))
  const shown: string[] = []
  again.client.on('change', () => shown.push(again.client.getSnapshot({ account }).status))
  expect(await again.client.restore({ account })).toBe(true)
  // The stored state shows at once, while still catching up, with the undelivered writes unsynced.
  const restored = again.client.getSnapshot({ account })
  expect(restored.status).toBe('syncing')
  expect(restored.restored).toBe(true)
  expect([...restored.unsynced.sentInvites]).toEqual([offline[0]!.key])
  expect({ ...restored.stores.threads.entries }).toEqual({ ...expected.threads.entries })
  expect({ ...restored.stores.sentInvites.entries }).toEqual({ ...expected.sentInvites.entries })
  expect(shown[0]).toBe('syncing')

  await relay.restart()
  await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', {
    timeoutMs: 20_000,
    what: 'ready',
  })
  const ids = offline.map((w) => w.id)
  await waitFor(
    () => {
      const { stores } = b.client.getSnapshot({ account })
      return (
        stores.sentInvites.ids[offline[0]!.key] === ids[0] && stores.threads.ids[offline[2]!.key] === ids[2]
      )
    },
    { timeoutMs: 20_000, what: 'B to receive the outbox of the restarted writer' },
  )
  const seen = b.client.getSnapshot({ account }).stores
  expect({ ...seen.threads.entries }).toEqual({ ...expected.threads.entries })
  expect({ ...seen.threads.ids }).toEqual({ ...expected.threads.ids })
  expect({ ...seen.sentInvites.entries }).toEqual({ ...expected.sentInvites.entries })
})

test('behavior: unregistering with writes still undelivered cancels them without unhandled rejections', {
  timeout: 20_000,
}, async () => {
  const relay = await cleanup.restartableRelay()
  const { account, signature } = await createWallet()
  const a = track(await startDevice(relay.url))
  await a.client.register({ account, signature })
  await relay.stop()
  const write = await a.client.set({ account, store: 'threads', value: payloads.thread(1) })
  const outcome = write.delivered.then(
    () => 'delivered',
    (error: Error) => error.name,
  )
  // A second write whose `delivered` nobody observes.
  await a.client.set({ account, store: 'threads', value: payloads.thread(2) })
  await a.client.unregister({ account })
  expect(await outcome).toBe('DeliveryCancelledError')
  await relay.restart()
})
