import { createWallet, payloads, storeKeysOf, type TestWallet, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice, type TestDevice } from '@chatsync/test/node'
import { afterEach, describe, expect, test } from 'vitest'
import type { ChatSyncStores } from '../src/engine/accountSnapshot.js'
import type { ChatSyncStorage } from '../src/engine/chatSyncCore.js'
import { journalKey, slotKey } from '../src/engine/persistence/accountStorage.js'
import { encodePersistedAccount, persistedAccountKey } from '../src/engine/persistence/persistedAccount.js'
import { readerMarkerKey } from '../src/engine/persistence/readerMarker.js'
import type { ChatSyncChangeEvent, ChatSyncClient } from '../src/engine/types.js'
import type { LwwMap } from '../src/lww/applyUpdate.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../src/stores/catalogue.js'

/*
 * One account, one state, whatever the spelling: `eip155:1:0xAbC…` (EIP-55, what viem and wagmi report)
 * and `eip155:1:0xabc…` (what some wallets put in a session) sign one message, reach the same store
 * topics and hold one state; a record an older version stored under the lowercase spelling is carried
 * into the account, nothing lost.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

const lowercase = ({ account }: TestWallet) => account.toLowerCase()
const uppercase = ({ wallet }: TestWallet) => `eip155:1:0x${wallet.address.slice(2).toUpperCase()}`
/** The message older versions signed: the account exactly as given. */
const messageAsGiven = (account: string) =>
  `I authorize this app to sync my account: ${account}\n\nRead more about it here: https://walletconnect.com/faq`

/** Entries and ids of every store, as plain data, to compare devices. */
function state(client: ChatSyncClient, account: string) {
  const { stores } = client.getSnapshot({ account })
  return Object.fromEntries(
    CHAT_STORE_IDS.map((id) => [id, { entries: { ...stores[id].entries }, ids: { ...stores[id].ids } }]),
  )
}

describe('two spellings of one account', () => {
  test('default: devices registering the EIP-55 and the lowercase spelling share topics and state', async () => {
    const wallet = await createWallet()
    const lower = lowercase(wallet)
    expect(wallet.account).not.toBe(lower)
    const a = track(await startDevice(relayUrl))
    const b = track(await startDevice(relayUrl))
    const events: { event: string; account: string | undefined }[] = []
    for (const device of [a, b]) {
      device.client.on('change', ({ account }) => events.push({ event: 'change', account }))
      device.client.on('ready', ({ account }) => events.push({ event: 'ready', account }))
      device.client.on('error', ({ account }) => events.push({ event: 'error', account }))
    }

    await a.client.register({ account: wallet.account, signature: wallet.signature })
    // B's wallet signs what B's client asks it to sign for the lowercase spelling.
    const message = b.client.getMessage({ account: lower })
    const signature = await wallet.wallet.signMessage({ message })
    await b.client.register({ account: lower, signature })

    // One set of topics: B holds the keys of the topics A derived.
    const topics = await storeKeysOf(wallet.signature)
    for (const id of CHAT_STORE_IDS) expect(b.core.crypto.hasKeys(topics[id].topic)).toBe(true)
    expect(b.client.getSnapshot({ account: lower }).status).toBe('ready')

    // A → B.
    const fromA = await a.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(1) })
    await fromA.delivered
    await waitFor(() => b.client.getSnapshot({ account: lower }).stores.threads.ids[fromA.key] === fromA.id, {
      what: "A's write on B",
    })
    // B → A, written under a third spelling.
    const fromB = await b.client.set({
      account: uppercase(wallet),
      store: 'sentInvites',
      value: payloads.sentInvite(2),
    })
    const removal = await b.client.delete({ account: lower, store: 'threads', key: fromA.key })
    await Promise.all([fromB.delivered, removal.delivered])
    await waitFor(
      () =>
        a.client.getSnapshot({ account: wallet.account }).stores.sentInvites.ids[fromB.key] === fromB.id &&
        a.client.getSnapshot({ account: wallet.account }).stores.threads.ids[fromA.key] === removal.id,
      { what: "B's writes on A" },
    )
    expect(state(a.client, wallet.account)).toEqual(state(b.client, lower))

    // Every spelling reads the one live account; every event names it in the canonical form.
    expect(b.client.getSnapshot({ account: uppercase(wallet) })).toBe(
      b.client.getSnapshot({ account: wallet.account }),
    )
    expect(b.client.inspect({ account: lower })?.account).toBe(wallet.account)
    expect(await b.client.isRegistered({ account: wallet.account })).toBe(true)
    expect(events.length).toBeGreaterThan(0)
    expect(events.filter(({ account }) => account !== wallet.account)).toEqual([])
    expect([...a.errors, ...b.errors]).toEqual([])
  })

  test('behavior: a signature of the lowercase message (as older versions asked for) is refused, saying why', async () => {
    const wallet = await createWallet()
    const a = track(await startDevice(relayUrl))
    const signature = await wallet.wallet.signMessage({ message: messageAsGiven(lowercase(wallet)) })
    await expect(a.client.register({ account: lowercase(wallet), signature })).rejects.toMatchObject({
      name: 'SignatureMismatchError',
      reason: 'other-spelling',
      shortMessage: `The sync signature for ${wallet.account} signs the message for ${lowercase(wallet)}, not for ${wallet.account}.`,
    })
    expect(a.client.getSnapshot({ account: wallet.account }).status).toBe('idle')
  })
})

/** A store holding `changes` (`value` undefined: a tombstone). */
function lww(changes: { key: string; id: number; value?: unknown }[]): LwwMap<unknown> {
  const entries: Record<string, unknown> = Object.create(null)
  const ids: Record<string, number> = Object.create(null)
  for (const { key, id, value } of changes) {
    ids[key] = id
    if (value !== undefined) entries[key] = value
  }
  return { entries, ids }
}

/**
 * Writes the record an older version kept for `spelling` on `device`'s storage: a snapshot in slot 0
 * with `stores` and `outbox`, a journal entry after it, a reader marker, and the store keys in the
 * core's keychain. Its signature is of the message naming `spelling`.
 */
async function writeOlderRecord(
  device: TestDevice,
  wallet: TestWallet,
  spelling: string,
  {
    stores,
    outbox,
    journal,
  }: { stores: Record<ChatStoreId, LwwMap<unknown>>; outbox: unknown[]; journal: object },
) {
  const signature = await wallet.wallet.signMessage({ message: messageAsGiven(spelling) })
  const keys = await storeKeysOf(signature)
  const topics = Object.fromEntries(CHAT_STORE_IDS.map((id) => [id, keys[id].topic])) as Record<
    ChatStoreId,
    string
  >
  const base = persistedAccountKey(device.core.customStoragePrefix, spelling)
  const record = encodePersistedAccount({
    account: spelling,
    signature,
    topics,
    stores: stores as ChatSyncStores,
    outbox: outbox as never,
  })
  await device.core.storage.setItem(base, { ...record, generation: 1, journalFrom: 0 })
  await device.core.storage.setItem(journalKey(base, 0), journal)
  await device.core.storage.setItem(readerMarkerKey(base), {
    clientId: await device.core.crypto.getClientId(),
    clean: true,
    token: 'older',
  })
  for (const id of CHAT_STORE_IDS) await device.core.crypto.setSymKey(keys[id].symKey)
  return { base, topics }
}

describe('a record stored under another spelling', () => {
  test('behavior: register carries it into the account (state, tombstones, outbox, journal), then removes it', async () => {
    const wallet = await createWallet()
    const lower = lowercase(wallet)
    const account = wallet.account
    // Another device of the account, already on the canonical topics, with two threads of its own.
    const other = track(await startDevice(relayUrl))
    await other.client.register(wallet)
    const deletedThere = await other.client.set({ account, store: 'threads', value: payloads.thread(3) })
    const newerThere = await other.client.set({
      account,
      store: 'threads',
      value: payloads.thread(4, { peerAccount: 'eip155:1:0x0000000000000000000000000000000000000004' }),
    })
    await Promise.all([deletedThere.delivered, newerThere.delivered])

    // What an older version kept on this device under the lowercase spelling.
    const id = (n: number) => deletedThere.id - 1000 + n
    const t = (n: number) => payloads.thread(n).topic
    const stores = {
      threads: lww([
        { key: t(1), id: id(1), value: payloads.thread(1) },
        { key: t(2), id: id(2), value: payloads.thread(2) },
        // Deleted here after the other device's write: the delete wins.
        { key: t(3), id: deletedThere.id + 1 },
        // Older here than the other device's write: theirs wins.
        { key: t(4), id: newerThere.id - 1, value: payloads.thread(4) },
        // Written here, never delivered.
        { key: t(5), id: id(5), value: payloads.thread(5) },
      ]),
      sentInvites: lww([
        { key: payloads.sentInvite(1).responseTopic, id: id(6), value: payloads.sentInvite(1) },
      ]),
      inviteKeys: lww([]),
      receivedInviteStatuses: lww([]),
    }
    const undelivered = {
      store: 'threads',
      method: 'wc_syncSet',
      id: id(5),
      key: t(5),
      value: JSON.stringify(payloads.thread(5)),
    }
    const keys = payloads.inviteKeys(1)
    const status = payloads.receivedInviteStatus(1)
    const journal = {
      v: 1,
      // Received after the snapshot, and written after it (still in the outbox).
      changes: [
        {
          store: 'inviteKeys',
          method: 'wc_syncSet',
          id: id(7),
          key: keys.account,
          value: JSON.stringify(keys),
        },
      ],
      added: [
        {
          store: 'receivedInviteStatuses',
          method: 'wc_syncSet',
          id: id(8),
          key: '1001',
          value: JSON.stringify(status),
        },
      ],
      delivered: [],
    }
    const device = track(await startDevice(relayUrl), { keepDir: true })
    const older = await writeOlderRecord(device, wallet, lower, { stores, outbox: [undelivered], journal })

    // Its keys are of another message: no restore without a signature, and the record stays.
    expect(await device.client.isRegistered({ account })).toBe(false)
    expect(await device.client.restore({ account: lower })).toBe(false)
    expect(await device.core.storage.getItem(older.base)).toBeDefined()

    const changes: ChatSyncChangeEvent[] = []
    device.client.on('change', (event) => changes.push(event))
    await device.client.register({ account: lower, signature: wallet.signature })

    const expected = {
      threads: {
        [t(1)]: [id(1), payloads.thread(1)],
        [t(2)]: [id(2), payloads.thread(2)],
        [t(3)]: [deletedThere.id + 1, undefined],
        [t(4)]: [
          newerThere.id,
          payloads.thread(4, { peerAccount: 'eip155:1:0x0000000000000000000000000000000000000004' }),
        ],
        [t(5)]: [id(5), payloads.thread(5)],
      },
      sentInvites: { [payloads.sentInvite(1).responseTopic]: [id(6), payloads.sentInvite(1)] },
      inviteKeys: { [keys.account]: [id(7), keys] },
      receivedInviteStatuses: { '1001': [id(8), status] },
    }
    const holds = (client: ChatSyncClient) =>
      Object.entries(expected).every(([store, entries]) =>
        Object.entries(entries).every(([key, [keyId, value]]) => {
          const { ids, entries: values } = client.getSnapshot({ account }).stores[store as ChatStoreId]
          return ids[key] === keyId && JSON.stringify(values[key]) === JSON.stringify(value)
        }),
      )
    expect(holds(device.client)).toBe(true)
    // Published to the account's topics with their own ids: the other device gets all of it.
    await waitFor(() => holds(other.client), { what: 'the carried state on the other device' })
    expect(state(other.client, account)).toEqual(state(device.client, account))

    // The older record is gone (snapshot, journal, reader marker, keys), its state saved under the account.
    for (const key of [
      slotKey(older.base, 0),
      slotKey(older.base, 1),
      journalKey(older.base, 0),
      readerMarkerKey(older.base),
    ]) {
      expect(await device.core.storage.getItem(key)).toBeUndefined()
    }
    for (const id of CHAT_STORE_IDS) expect(device.core.crypto.hasKeys(older.topics[id])).toBe(false)
    expect(changes.every((event) => event.account === account)).toBe(true)
    expect([...device.errors, ...other.errors]).toEqual([])

    // A restart restores the account with everything carried.
    await device.shutdown()
    const again = track(await startDevice(relayUrl, { dir: device.dir, prefix: device.prefix }))
    expect(await again.client.restore({ account: lower })).toBe(true)
    expect(holds(again.client)).toBe(true)
  })

  test('behavior: restore of the account carries a record left under another spelling, and removes it', async () => {
    const wallet = await createWallet()
    const { account } = wallet
    const other = track(await startDevice(relayUrl))
    await other.client.register(wallet)
    const device = track(await startDevice(relayUrl), { keepDir: true })
    await device.client.register(wallet)
    const mine = await device.client.set({ account, store: 'threads', value: payloads.thread(1) })
    await mine.delivered
    await device.shutdown()

    const upper = uppercase(wallet)
    const leftOver = { key: payloads.thread(2).topic, id: mine.id + 1, value: payloads.thread(2) }
    const empty = {
      threads: lww([leftOver]),
      sentInvites: lww([]),
      inviteKeys: lww([]),
      receivedInviteStatuses: lww([]),
    }
    const restarted = track(await startDevice(relayUrl, { dir: device.dir, prefix: device.prefix }))
    const older = await writeOlderRecord(restarted, wallet, upper, {
      stores: empty,
      outbox: [],
      journal: { v: 1, changes: [], added: [], delivered: [] },
    })

    expect(await restarted.client.restore({ account })).toBe(true)
    // Shown at once, with what this device had under the account.
    const threads = restarted.client.getSnapshot({ account }).stores.threads
    expect(threads.ids[mine.key]).toBe(mine.id)
    expect(threads.ids[leftOver.key]).toBe(leftOver.id)
    await waitFor(
      () => other.client.getSnapshot({ account }).stores.threads.ids[leftOver.key] === leftOver.id,
      {
        what: 'the carried thread on the other device',
      },
    )
    await waitForRemoval(restarted, older.base)
    expect([...restarted.errors, ...other.errors]).toEqual([])
  })
})

test('behavior: unregister forgets the records of other spellings too', async () => {
  const wallet = await createWallet()
  const device = track(await startDevice(relayUrl))
  const empty = {
    threads: lww([]),
    sentInvites: lww([]),
    inviteKeys: lww([]),
    receivedInviteStatuses: lww([]),
  }
  const older = await writeOlderRecord(device, wallet, lowercase(wallet), {
    stores: empty,
    outbox: [],
    journal: { v: 1, changes: [], added: [], delivered: [] },
  })
  await device.client.unregister({ account: wallet.account })
  for (const key of [older.base, journalKey(older.base, 0), readerMarkerKey(older.base)]) {
    expect(await device.core.storage.getItem(key)).toBeUndefined()
  }
  for (const id of CHAT_STORE_IDS) expect(device.core.crypto.hasKeys(older.topics[id])).toBe(false)
  expect(device.errors).toEqual([])
})

/** Storage whose keys ignore case, like the core's file storage on macOS or Windows. */
function caseInsensitiveStorage() {
  const data = new Map<string, unknown>()
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key.toLowerCase())) as T | undefined
    },
    async setItem(key, value) {
      data.set(key.toLowerCase(), structuredClone(value))
    },
    async removeItem(key) {
      data.delete(key.toLowerCase())
    },
  }
  return { storage, data }
}

test('behavior: on storage whose keys ignore case, the older record is taken over in place, nothing lost', async () => {
  const wallet = await createWallet()
  const { account } = wallet
  const lower = lowercase(wallet)
  const { storage, data } = caseInsensitiveStorage()
  const device = track(await startDevice(relayUrl, { storage }))
  // The older version's record: a snapshot and two journal entries after it.
  const signature = await wallet.wallet.signMessage({ message: messageAsGiven(lower) })
  const keys = await storeKeysOf(signature)
  const base = persistedAccountKey(device.core.customStoragePrefix, lower)
  const thread = (n: number) => ({ key: payloads.thread(n).topic, value: payloads.thread(n) })
  const item = (n: number, id: number) => ({
    store: 'threads',
    method: 'wc_syncSet',
    id,
    key: thread(n).key,
    value: JSON.stringify(thread(n).value),
  })
  const now = Date.now() * 1000
  const record = encodePersistedAccount({
    account: lower,
    signature,
    topics: Object.fromEntries(CHAT_STORE_IDS.map((id) => [id, keys[id].topic])) as Record<
      ChatStoreId,
      string
    >,
    stores: {
      threads: lww([{ ...thread(1), id: now - 30 }]),
      sentInvites: lww([]),
      inviteKeys: lww([]),
      receivedInviteStatuses: lww([]),
    } as ChatSyncStores,
    outbox: [],
  })
  await storage.setItem(base, { ...record, generation: 1, journalFrom: 0 })
  await storage.setItem(journalKey(base, 0), { v: 1, changes: [item(2, now - 20)], added: [], delivered: [] })
  await storage.setItem(journalKey(base, 1), { v: 1, changes: [], added: [item(3, now - 10)], delivered: [] })

  await device.client.register(wallet)
  const later = await device.client.set({ account, store: 'threads', value: payloads.thread(4) })
  await later.saved
  const shown = state(device.client, account)
  expect(Object.keys(shown.threads?.entries ?? {}).sort()).toEqual(
    [1, 2, 3, 4].map((n) => thread(n).key).sort(),
  )
  await device.client.destroy()
  // No record of the older spelling is left, and the account's own is whole.
  expect([...data.values()].filter((value) => (value as { account?: unknown })?.account === lower)).toEqual(
    [],
  )

  const again = track(await startDevice(relayUrl, { storage, prefix: device.prefix }))
  expect(await again.client.restore({ account })).toBe(true)
  expect(state(again.client, account)).toEqual(shown)
  expect([...device.errors, ...again.errors]).toEqual([])
})

/** Waits until the older record's snapshot is gone from `device`'s storage. */
async function waitForRemoval(device: TestDevice, base: string) {
  const started = Date.now()
  while ((await device.core.storage.getItem(base)) !== undefined) {
    if (Date.now() - started > 10_000) throw new Error('Timed out waiting for the older record to go')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
