import { createWallet, payloads, storeKeysOf, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice, type TestDevice } from '@chatsync/test/node'
import { afterEach, expect, test } from 'vitest'
import type { ChatSyncStorage } from '../src/engine/chatSyncCore.js'
import { createChatSync } from '../src/engine/createChatSync.js'
import { loadStoredAccount, slotKey } from '../src/engine/persistence/accountStorage.js'
import {
  PERSISTED_ACCOUNT_VERSION,
  type PersistedAccount,
  persistedAccountKey,
} from '../src/engine/persistence/persistedAccount.js'

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

/** The key of the slot holding an account's newest snapshot record (see `accountStorage.ts`). */
async function newestSlotKey(storage: ChatSyncStorage, base: string) {
  const generation = async (key: string) =>
    (await storage.getItem<{ generation?: number }>(key))?.generation ?? -1
  const [first, second] = [slotKey(base, 0), slotKey(base, 1)]
  return (await generation(first)) >= (await generation(second)) ? first : second
}

/** Shuts a device down and starts it again on the same storage (a reload). */
async function restart(device: TestDevice) {
  await device.shutdown()
  return track(await startDevice(relayUrl, { dir: device.dir, prefix: device.prefix }))
}

test('behavior: a restart shows the last state at once, then catches up from there', async () => {
  const { account, signature } = await createWallet()
  const a = await startDevice(relayUrl)
  const b = track(await startDevice(relayUrl))
  await a.client.register({ account, signature })
  await b.client.register({ account, signature })
  const before = await a.client.set({ account, store: 'threads', value: payloads.thread(1) })
  await before.delivered
  const expected = { ...a.client.getSnapshot({ account }).stores.threads.entries }

  await a.shutdown()
  // While A is away, B writes.
  const meanwhile = await b.client.set({ account, store: 'sentInvites', value: payloads.sentInvite(5) })
  await meanwhile.delivered

  const again = await restart(a)
  expect(again.client.getSnapshot({ account }).status).toBe('idle')
  expect(await again.client.isRegistered({ account })).toBe(true)
  expect(await again.client.restore({ account })).toBe(true)
  const shown = again.client.getSnapshot({ account })
  expect(shown.status).toBe('syncing')
  expect({ ...shown.stores.threads.entries }).toEqual(expected)
  await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
  expect(
    again.client.getSnapshot({ account }).stores.sentInvites.entries[payloads.sentInvite(5).responseTopic],
  ).toEqual(payloads.sentInvite(5))
  // And it is live again.
  const live = await b.client.set({ account, store: 'threads', value: payloads.thread(2) })
  await live.delivered
  await waitFor(
    () =>
      again.client.getSnapshot({ account }).stores.threads.entries[payloads.thread(2).topic] !== undefined,
  )
})

test('behavior: restore is false when nothing is stored', async () => {
  const { account } = await createWallet()
  const a = track(await startDevice(relayUrl))
  expect(await a.client.isRegistered({ account })).toBe(false)
  expect(a.core.relayer.connected).toBe(false)
  expect(await a.client.restore({ account })).toBe(false)
  expect(a.client.getSnapshot({ account }).status).toBe('idle')
  // A signature is asked for next: the relay connection opens meanwhile.
  await waitFor(() => a.core.relayer.connected)
})

test('parameters: persistSignature false keeps no signature, and restores from the core keychain', async () => {
  const { account, signature } = await createWallet()
  const withSignature = track(await startDevice(relayUrl))
  await withSignature.client.register({ account, signature })
  await withSignature.client.destroy()
  const kept = await withSignature.core.storage.getItem<PersistedAccount>(
    await newestSlotKey(
      withSignature.core.storage,
      persistedAccountKey(withSignature.core.customStoragePrefix, account),
    ),
  )
  expect(kept?.signature).toBe(signature)

  const other = await createWallet()
  const a = await startDevice(relayUrl, { persistSignature: false })
  await a.client.register(other)
  await a.client.set({ account: other.account, store: 'threads', value: payloads.thread(3) })
  await a.shutdown()
  const record = await a.core.storage.getItem<PersistedAccount>(
    await newestSlotKey(a.core.storage, persistedAccountKey(a.core.customStoragePrefix, other.account)),
  )
  expect(record?.version).toBe(PERSISTED_ACCOUNT_VERSION)
  expect(JSON.stringify(record)).not.toContain(other.signature.slice(2))
  const keys = await storeKeysOf(other.signature)
  for (const id of ['sentInvites', 'threads', 'inviteKeys', 'receivedInviteStatuses'] as const) {
    expect(JSON.stringify(record)).not.toContain(keys[id].symKey)
  }

  const again = track(await startDevice(relayUrl, { dir: a.dir, prefix: a.prefix, persistSignature: false }))
  expect(await again.client.restore({ account: other.account })).toBe(true)
  expect(
    again.client.getSnapshot({ account: other.account }).stores.threads.entries[payloads.thread(3).topic],
  ).toEqual(payloads.thread(3))
  await waitFor(() => again.client.getSnapshot({ account: other.account }).status === 'ready')
  // Without the keys in the core's keychain there is nothing to restore from.
  for (const id of ['sentInvites', 'threads', 'inviteKeys', 'receivedInviteStatuses'] as const) {
    await again.core.crypto.deleteSymKey(keys[id].topic)
  }
  const fresh = createChatSync({ core: again.core, persistSignature: false })
  expect(await fresh.restore({ account: other.account })).toBe(false)
  await fresh.destroy()
})

test('parameters: migrate turns an older record into the current one', async () => {
  const { account, signature } = await createWallet()
  const a = track(await startDevice(relayUrl))
  await a.client.register({ account, signature })
  await a.client.set({ account, store: 'threads', value: payloads.thread(8) })
  await a.client.destroy()
  const key = await newestSlotKey(a.core.storage, persistedAccountKey(a.core.customStoragePrefix, account))
  const current = await a.core.storage.getItem<PersistedAccount>(key)
  // Pretend it was written by an older version that kept the same data under other names.
  const { version: _version, stores, outbox, ...rest } = current as PersistedAccount
  await a.core.storage.setItem(key, { ...rest, version: 0, state: stores, pending: outbox })

  const seen: number[] = []
  const migrating = createChatSync({
    core: a.core,
    migrate: (old, version) => {
      seen.push(version)
      const { state, pending, ...others } = old as Record<string, unknown>
      return {
        ...others,
        version: PERSISTED_ACCOUNT_VERSION,
        stores: state,
        outbox: pending,
      } as PersistedAccount
    },
  })
  const plain = createChatSync({ core: a.core })
  expect(await plain.restore({ account })).toBe(false)
  expect(await migrating.restore({ account })).toBe(true)
  expect(seen).toEqual([0])
  expect(migrating.getSnapshot({ account }).stores.threads.entries[payloads.thread(8).topic]).toEqual(
    payloads.thread(8),
  )
  await plain.destroy()
  await migrating.destroy()
})

test('parameters: an app-provided storage is used, and writes to it are coalesced', async () => {
  const { account, signature } = await createWallet()
  const data = new Map<string, unknown>()
  let writes = 0
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return data.get(key) as T | undefined
    },
    async setItem(key, value) {
      writes += 1
      data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      data.delete(key)
    },
  }
  const a = track(await startDevice(relayUrl, { storage }))
  await a.client.register({ account, signature })
  const pending: Promise<void>[] = []
  for (let n = 0; n < 500; n++) {
    pending.push(
      (await a.client.set({ account, store: 'sentInvites', value: payloads.sentInvite(n) })).delivered,
    )
  }
  await Promise.all(pending)
  await a.client.destroy()
  expect(writes).toBeGreaterThan(0)
  expect(writes).toBeLessThan(60)
  // As storage holds it: the newest snapshot with the journal written since.
  const stored = await loadStoredAccount({
    storage,
    base: persistedAccountKey(a.core.customStoragePrefix, account),
    account,
    migrate: undefined,
  })
  expect(Object.keys(stored?.stores.sentInvites.entries ?? {})).toHaveLength(500)
  expect(stored?.outbox).toEqual([])
  // Nothing of ours went to the core's storage.
  expect(
    await a.core.storage.getItem(persistedAccountKey(a.core.customStoragePrefix, account)),
  ).toBeUndefined()
})

test("behavior: store messages never go through the core's message tracker", async () => {
  // The tracker rewrites its whole record to storage per message: quadratic on a burst.
  const { account, signature } = await createWallet()
  const a = track(await startDevice(relayUrl))
  const b = track(await startDevice(relayUrl))
  await a.client.register({ account, signature })
  await b.client.register({ account, signature })
  const writes = []
  for (let n = 0; n < 300; n++)
    writes.push(await a.client.set({ account, store: 'threads', value: payloads.thread(n) }))
  await Promise.all(writes.map((w) => w.delivered))
  await waitFor(() => Object.keys(b.client.getSnapshot({ account }).stores.threads.entries).length === 300, {
    what: 'a burst of 300 changes',
  })
  const { threads } = await storeKeysOf(signature)
  for (const device of [a, b]) expect(device.core.relayer.messages.get(threads.topic)).toEqual({})
})
