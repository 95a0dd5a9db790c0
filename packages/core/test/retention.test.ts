import { startDevRelay } from '@chatsync/dev-relay'
import { createWallet, payloads, storeKeysOf, waitFor } from '@chatsync/test'
import { createCleanup, printFigure, removeDir, startDevice, startTestCore } from '@chatsync/test/node'
import { SyncClient } from '@walletconnect/sync-client'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { RetentionParameters } from '../src/engine/retention.js'
import type { ChatSyncClient } from '../src/engine/types.js'
import { CHAT_STORE_IDS, CHAT_STORES } from '../src/stores/catalogue.js'

/*
 * The relay forgets a message after its ttl; the engine publishes every entry again before its newest
 * copy would expire. Thirty days are compressed into seconds: the relay keeps messages at most TTL
 * seconds, and the devices refresh after REFRESH seconds (plus a jitter of up to half the rest).
 */
const TTL = 3
const REFRESH = 1.5
const retention = { ttlSeconds: TTL, refreshAfterSeconds: REFRESH }

const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function relayAndWallet(ttl = TTL) {
  const relay = await startDevRelay({ port: 0, maxTtlSeconds: ttl })
  cleanup.add(() => relay.close())
  return { relay, wallet: await createWallet() }
}

async function device(
  url: string,
  at?: { dir: string; prefix: string },
  keep: RetentionParameters = retention,
) {
  return track(await startDevice(url, { ...at, retention: keep }), { keepDir: !!at })
}

/** Every store as key → [id, entry] (entries by JSON text); tombstones are keys without an entry. */
function stateOf(client: ChatSyncClient, account: string) {
  const { stores } = client.getSnapshot({ account })
  return Object.fromEntries(
    CHAT_STORE_IDS.map((store) => {
      const { entries, ids } = stores[store]
      const live = Object.keys(entries).sort()
      return [store, Object.fromEntries(live.map((key) => [key, [ids[key], JSON.stringify(entries[key])]]))]
    }),
  )
}

/** 40 threads, 10 of them written again, 10 deleted; 10 sent invites. */
async function writeHistory(client: ChatSyncClient, account: string) {
  const writes: Promise<void>[] = []
  const track = (result: { delivered: Promise<void> }) => writes.push(result.delivered)
  for (let n = 0; n < 40; n++)
    track(await client.set({ account, store: 'threads', value: payloads.thread(n) }))
  for (let n = 0; n < 10; n++)
    track(await client.set({ account, store: 'sentInvites', value: payloads.sentInvite(n) }))
  for (let n = 0; n < 10; n++) {
    const value = payloads.thread(n, { peerAccount: 'eip155:1:0x0000000000000000000000000000000000000002' })
    track(await client.set({ account, store: 'threads', value }))
  }
  for (let n = 30; n < 40; n++) {
    track(await client.delete({ account, store: 'threads', key: payloads.thread(n).topic }))
  }
  await Promise.all(writes)
}

/** A brand-new device that registers now, once caught up. */
async function newDevice(url: string, wallet: { account: string; signature: string }) {
  const late = await device(url)
  await late.client.register(wallet)
  return late
}

describe('keep-alive past the relay retention', () => {
  test('default: with the writer online, a device added after every original message expired equals the writer', async () => {
    const { relay, wallet } = await relayAndWallet()
    const writer = await device(relay.url)
    await writer.client.register(wallet)
    await writeHistory(writer.client, wallet.account)
    await sleep(3 * TTL * 1000)
    const late = await newDevice(relay.url, wallet)
    const expected = stateOf(writer.client, wallet.account)
    expect(Object.keys(expected.threads ?? {})).toHaveLength(30)
    expect(stateOf(late.client, wallet.account)).toEqual(expected)
    // Deleted stays deleted: the tombstones are on the relay too.
    for (let n = 30; n < 40; n++) {
      expect(
        late.client.getSnapshot({ account: wallet.account }).stores.threads.ids[payloads.thread(n).topic],
      ).toBe(
        writer.client.getSnapshot({ account: wallet.account }).stores.threads.ids[payloads.thread(n).topic],
      )
    }
    expect([...writer.errors, ...late.errors]).toEqual([])
  }, 30_000)

  test('behavior: with every device offline past the ttl, the first one back publishes again what it holds', async () => {
    const { relay, wallet } = await relayAndWallet()
    const writer = await device(relay.url)
    await writer.client.register(wallet)
    await writeHistory(writer.client, wallet.account)
    const expected = stateOf(writer.client, wallet.account)
    await writer.shutdown()
    await sleep(TTL * 1000 + 500)
    // Nothing is left on the relay: a new device sees nothing.
    const early = await newDevice(relay.url, wallet)
    expect(Object.keys(stateOf(early.client, wallet.account).threads ?? {})).toHaveLength(0)

    const back = await device(relay.url, writer)
    expect(await back.client.restore({ account: wallet.account })).toBe(true)
    await waitFor(() => back.client.getSnapshot({ account: wallet.account }).status === 'ready', {
      what: 'ready',
    })
    await sleep(1000)
    const late = await newDevice(relay.url, wallet)
    expect(stateOf(late.client, wallet.account)).toEqual(expected)
    // The device that saw nothing before catches up live.
    await waitFor(() => Object.keys(stateOf(early.client, wallet.account).threads ?? {}).length === 30, {
      what: 'the early device to get the refreshed entries',
    })
  }, 30_000)

  /** 20 threads on the writer, seen by a second device that then stops cleanly; the writer deletes 10. */
  async function awayWhileDeleting(relayUrl: string, wallet: { account: string; signature: string }) {
    const writer = await device(relayUrl)
    const away = await device(relayUrl)
    await writer.client.register(wallet)
    await away.client.register(wallet)
    const writes: Promise<void>[] = []
    for (let n = 0; n < 20; n++) {
      const value = payloads.thread(n)
      writes.push((await writer.client.set({ account: wallet.account, store: 'threads', value })).delivered)
    }
    await Promise.all(writes)
    await waitFor(() => Object.keys(stateOf(away.client, wallet.account).threads ?? {}).length === 20, {
      what: 'the second device to hold the 20 threads',
    })
    await away.shutdown()
    const deletes: Promise<void>[] = []
    for (let n = 0; n < 10; n++) {
      const key = payloads.thread(n).topic
      deletes.push((await writer.client.delete({ account: wallet.account, store: 'threads', key })).delivered)
    }
    await Promise.all(deletes)
    return { writer, away }
  }

  // Longer than a tombstone horizon of three ttls plus the ttl (what a finite horizon would have kept).
  const MONTHS = 5 * TTL * 1000

  /** Waits until every device holds `expected`, then checks that a brand-new device does too. */
  async function expectEverywhere(
    url: string,
    wallet: { account: string; signature: string },
    devices: { client: ChatSyncClient }[],
    expected: ReturnType<typeof stateOf>,
  ) {
    for (const each of devices) {
      await waitFor(() => JSON.stringify(stateOf(each.client, wallet.account)) === JSON.stringify(expected), {
        timeoutMs: 15_000,
        what: "every device to hold the writer's state",
      })
    }
    const late = await newDevice(url, wallet)
    expect(stateOf(late.client, wallet.account)).toEqual(expected)
  }

  test('behavior: a device back after months, the writer online all along: the deletes stay deleted everywhere', async () => {
    const { relay, wallet } = await relayAndWallet()
    const { writer, away } = await awayWhileDeleting(relay.url, wallet)
    const expected = stateOf(writer.client, wallet.account)
    expect(Object.keys(expected.threads ?? {})).toHaveLength(10)
    await sleep(MONTHS)
    const back = await device(relay.url, away)
    expect(await back.client.restore({ account: wallet.account })).toBe(true)
    await expectEverywhere(relay.url, wallet, [back, writer], expected)
  }, 60_000)

  test('behavior: every device away for months, the one that did not delete back first: the deletes win once the other is back', async () => {
    const { relay, wallet } = await relayAndWallet()
    const { writer, away } = await awayWhileDeleting(relay.url, wallet)
    const expected = stateOf(writer.client, wallet.account)
    await writer.shutdown()
    await sleep(MONTHS)
    // The relay holds nothing: the first device back keeps what it holds and publishes it again.
    const back = await device(relay.url, away)
    expect(await back.client.restore({ account: wallet.account })).toBe(true)
    await waitFor(() => back.client.getSnapshot({ account: wallet.account }).status === 'ready', {
      what: 'the first device back to catch up',
    })
    expect(Object.keys(stateOf(back.client, wallet.account).threads ?? {})).toHaveLength(20)
    const writerBack = await device(relay.url, writer)
    expect(await writerBack.client.restore({ account: wallet.account })).toBe(true)
    await expectEverywhere(relay.url, wallet, [back, writerBack], expected)
  }, 60_000)

  test('behavior: with the writer offline, a reader that stayed online keeps everything alive', async () => {
    const { relay, wallet } = await relayAndWallet()
    const writer = await device(relay.url)
    const reader = await device(relay.url)
    await writer.client.register(wallet)
    await reader.client.register(wallet)
    await writeHistory(writer.client, wallet.account)
    const expected = stateOf(writer.client, wallet.account)
    await waitFor(() => JSON.stringify(stateOf(reader.client, wallet.account)) === JSON.stringify(expected), {
      what: 'the reader to catch up',
    })
    await writer.shutdown()
    await sleep(3 * TTL * 1000)
    const late = await newDevice(relay.url, wallet)
    expect(stateOf(late.client, wallet.account)).toEqual(expected)
  }, 30_000)

  test('behavior: the reference client, as a third device, sees refreshes as duplicates: its stores stay equal', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const { relay, wallet } = await relayAndWallet()
    const writer = await device(relay.url)
    await writer.client.register(wallet)
    const peerCore = await startTestCore(relay.url)
    cleanup.add(async () => {
      await peerCore.close()
      removeDir(peerCore.dir)
    })
    const peer = await SyncClient.init({
      core: peerCore.core,
      projectId: 'chatsync-test',
      logger: 'silent',
    } as never)
    await peer.register({ account: wallet.account, signature: wallet.signature })
    await peer.create({ account: wallet.account, store: CHAT_STORES.threads.name })
    const { threads } = await storeKeysOf(wallet.signature)
    await writeHistory(writer.client, wallet.account)
    const expected = Object.fromEntries(
      Object.entries(stateOf(writer.client, wallet.account).threads ?? {}).map(([key, [, text]]) => [
        key,
        text,
      ]),
    )
    const peerThreads = async () => (await peer.getStores({ account: wallet.account }))[threads.topic] ?? {}
    await vi.waitFor(async () => expect(await peerThreads()).toEqual(expected), {
      timeout: 10_000,
      interval: 50,
    })
    // Several refresh rounds later, nothing changed for the reference client.
    await sleep(3 * TTL * 1000)
    expect(await peerThreads()).toEqual(expected)
    expect(writer.errors).toEqual([])
    vi.restoreAllMocks()
  }, 30_000)

  test('behavior: three devices online share the refreshes (at most 1.5 publishes per entry per period)', async () => {
    // The default proportions: refreshes after three quarters of the ttl, jitter over half the rest.
    const ttl = 4
    const { relay, wallet } = await relayAndWallet(ttl)
    const keep = { ttlSeconds: ttl }
    const devices = [
      await device(relay.url, undefined, keep),
      await device(relay.url, undefined, keep),
      await device(relay.url, undefined, keep),
    ]
    for (const each of devices) await each.client.register(wallet)
    const [writer] = devices as [Awaited<ReturnType<typeof device>>]
    await writeHistory(writer.client, wallet.account)
    const entries = Object.values(writer.client.getSnapshot({ account: wallet.account }).stores).reduce(
      (sum, store) => sum + Object.keys(store.ids).length,
      0,
    )
    await waitFor(
      () =>
        devices.every(
          (each) =>
            JSON.stringify(stateOf(each.client, wallet.account)) ===
            JSON.stringify(stateOf(writer.client, wallet.account)),
        ),
      { what: 'every device to catch up' },
    )
    // From now on, every message published is a refresh.
    let published = 0
    for (const each of devices) {
      const request = each.core.relayer.request.bind(each.core.relayer)
      each.core.relayer.request = ((args: { method: string; params?: { messages?: unknown[] } }) => {
        if (args.method === 'irn_publish') published += 1
        if (args.method === 'irn_batchPublish') published += args.params?.messages?.length ?? 0
        return request(args as never)
      }) as typeof each.core.relayer.request
    }
    const periods = 3
    await sleep(periods * ttl * 1000)
    const perEntryPerPeriod = published / entries / periods
    printFigure(
      'refresh traffic, 3 devices online',
      `publishes per entry per ttl period over ${periods} periods`,
      perEntryPerPeriod.toFixed(2),
    )
    expect(perEntryPerPeriod).toBeGreaterThan(0.5)
    expect(perEntryPerPeriod).toBeLessThanOrEqual(1.5)
    const late = await newDevice(relay.url, wallet)
    expect(stateOf(late.client, wallet.account)).toEqual(stateOf(writer.client, wallet.account))
  }, 45_000)
})
