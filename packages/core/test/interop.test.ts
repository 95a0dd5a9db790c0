import { createWallet, payloads, storeKeysOf, type TestWallet, waitFor } from '@chatsync/test'
import {
  createCleanup,
  sharedRelayUrl,
  startDevice,
  startTestCore,
  type TestCore,
  type TestDevice,
} from '@chatsync/test/node'
import { SyncClient } from '@walletconnect/sync-client'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { CHAT_STORES } from '../src/stores/catalogue.js'

/*
 * The reference client, `@walletconnect/sync-client@0.3.8`, on the same relay with the same signature:
 * what it writes shows in our snapshot and what we write shows in its `getStores`, deletes included.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
let wallet: TestWallet
let ours: TestDevice
let peerCore: TestCore
let peer: SyncClient
let topics: Awaited<ReturnType<typeof storeKeysOf>>

beforeAll(async () => {
  // The reference client logs every message it handles.
  vi.spyOn(console, 'log').mockImplementation(() => {})
  wallet = await createWallet()
  topics = await storeKeysOf(wallet.signature)
  ours = cleanup.track(await startDevice(relayUrl))
  await ours.client.register(wallet)
  peerCore = cleanup.trackCore(await startTestCore(relayUrl))
  peer = await SyncClient.init({ core: peerCore.core, projectId: 'chatsync-test', logger: 'silent' } as never)
  await peer.register({ account: wallet.account, signature: wallet.signature })
  for (const store of [CHAT_STORES.threads.name, CHAT_STORES.sentInvites.name]) {
    await peer.create({ account: wallet.account, store })
  }
})
afterAll(async () => {
  await cleanup.run()
  vi.restoreAllMocks()
})

async function peerState(store: 'threads' | 'sentInvites') {
  const stores = await peer.getStores({ account: wallet.account })
  return stores[topics[store].topic] ?? {}
}

test('behavior: the reference client derives the same store topics', async () => {
  const stores = await peer.getStores({ account: wallet.account })
  expect(Object.keys(stores).sort()).toEqual([topics.threads.topic, topics.sentInvites.topic].sort())
})

test('behavior: a thread the reference client sets appears in our snapshot; its delete removes it', async () => {
  const thread = payloads.thread(1)
  await peer.set({
    account: wallet.account,
    store: CHAT_STORES.threads.name,
    key: thread.topic,
    value: JSON.stringify(thread),
  })
  await waitFor(
    () =>
      ours.client.getSnapshot({ account: wallet.account }).stores.threads.entries[thread.topic] !== undefined,
    {
      what: 'the thread from the reference client',
    },
  )
  expect(ours.client.getSnapshot({ account: wallet.account }).stores.threads.entries[thread.topic]).toEqual(
    thread,
  )

  await peer.delete({ account: wallet.account, store: CHAT_STORES.threads.name, key: thread.topic })
  await waitFor(
    () =>
      ours.client.getSnapshot({ account: wallet.account }).stores.threads.entries[thread.topic] === undefined,
    {
      what: 'the delete from the reference client',
    },
  )
  expect(
    ours.client.getSnapshot({ account: wallet.account }).stores.threads.ids[thread.topic],
  ).toBeGreaterThan(0)
  expect(ours.errors).toEqual([])
})

test('behavior: a sent invite we set appears in its getStores; our delete removes it', async () => {
  const invite = payloads.sentInvite(1)
  const write = await ours.client.set({ account: wallet.account, store: 'sentInvites', value: invite })
  await write.delivered
  await vi.waitFor(
    async () => {
      const state = await peerState('sentInvites')
      expect(state[invite.responseTopic]).toBeDefined()
    },
    { timeout: 10_000, interval: 20 },
  )
  expect(JSON.parse((await peerState('sentInvites'))[invite.responseTopic] as string)).toEqual(invite)

  const removal = await ours.client.delete({
    account: wallet.account,
    store: 'sentInvites',
    key: invite.responseTopic,
  })
  await removal.delivered
  await vi.waitFor(
    async () => {
      expect((await peerState('sentInvites'))[invite.responseTopic]).toBeUndefined()
    },
    { timeout: 10_000, interval: 20 },
  )
})
