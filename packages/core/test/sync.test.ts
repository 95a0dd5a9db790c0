import { createWallet, payloads, storeKeysOf, waitFor } from '@chatsync/test'
import { createCleanup, publishRaw, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { ChatSyncChangeEvent, ChatSyncClient } from '../src/engine/types.js'
import { AccountNotRegisteredError, SignatureMismatchError, UnknownStoreError } from '../src/errors/engine.js'
import { InvalidStoreUpdateError } from '../src/errors/lww.js'
import { PayloadValidationError } from '../src/errors/payload.js'
import { RelayRequestError, TransportClosedError } from '../src/errors/relay.js'
import { CHAT_STORE_IDS } from '../src/stores/catalogue.js'

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
afterEach(cleanup.run)

async function device(options: Parameters<typeof startDevice>[1] = {}) {
  return cleanup.track(await startDevice(relayUrl, options))
}

/** Entries and ids of every store, as plain data, to compare devices. */
function state(client: ChatSyncClient, account: string) {
  const { stores } = client.getSnapshot({ account })
  return Object.fromEntries(
    CHAT_STORE_IDS.map((id) => [id, { entries: { ...stores[id].entries }, ids: { ...stores[id].ids } }]),
  )
}

/** A new account registered on two devices. */
async function twoDevices() {
  const { account, signature } = await createWallet()
  const a = await device()
  const b = await device()
  await a.client.register({ account, signature })
  await b.client.register({ account, signature })
  return { account, signature, a, b }
}

/** The id `key` holds in sentInvites on device `d`. */
const idIn = (d: { client: ChatSyncClient }, account: string, key: string) =>
  d.client.getSnapshot({ account }).stores.sentInvites.ids[key]

/** Publishes a Sync API message to a store's topic as another device of the account would (raw). */
async function publishAs(
  signature: string,
  store: 'sentInvites',
  request: { id: number; method: 'wc_syncSet' | 'wc_syncDel'; params: Record<string, string> },
) {
  const keys = await storeKeysOf(signature)
  const peer = await device()
  await peer.core.crypto.setSymKey(keys[store].symKey)
  const message = await peer.core.crypto.encode(keys[store].topic, { jsonrpc: '2.0', ...request })
  await publishRaw(peer.core, keys[store].topic, message)
}

/**
 * `devices` and a device registering now hold the same state, and nothing but the publishes refused
 * while a transport was closed was reported.
 */
async function expectSameEverywhere(
  account: string,
  signature: string,
  devices: Awaited<ReturnType<typeof device>>[],
) {
  const late = await device()
  await late.client.register({ account, signature })
  const [first, ...rest] = devices
  for (const d of [...rest, late]) expect(state(d.client, account)).toEqual(state(first!.client, account))
  const others = [...devices, late]
    .flatMap(({ errors }) => errors)
    .filter(
      ({ error }) => !(error instanceof RelayRequestError && error.cause instanceof TransportClosedError),
    )
  expect(others).toEqual([])
}

describe('two devices of one account', () => {
  test('default: what A writes to each store, B sees; deletes too', async () => {
    const { account, a, b } = await twoDevices()
    expect(a.client.getSnapshot({ account }).status).toBe('ready')
    expect(b.client.getSnapshot({ account }).status).toBe('ready')

    const invite = payloads.sentInvite(1)
    const thread = payloads.thread(1)
    const keys = payloads.inviteKeys(1)
    const status = payloads.receivedInviteStatus(1)
    const writes = await Promise.all([
      a.client.set({ account, store: 'sentInvites', value: invite }),
      a.client.set({ account, store: 'threads', value: thread }),
      a.client.set({ account, store: 'inviteKeys', value: keys }),
      a.client.set({ account, store: 'receivedInviteStatuses', value: status }),
    ])
    expect(writes.map((w) => w.key)).toEqual([invite.responseTopic, thread.topic, keys.account, '1001'])
    // Applied locally before delivery.
    expect(a.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
    await Promise.all(writes.map((w) => w.delivered))

    await waitFor(
      () => b.client.getSnapshot({ account }).stores.receivedInviteStatuses.entries['1001'] !== undefined,
    )
    await waitFor(() =>
      CHAT_STORE_IDS.every(
        (id) => Object.keys(b.client.getSnapshot({ account }).stores[id].entries).length === 1,
      ),
    )
    const seen = b.client.getSnapshot({ account }).stores
    expect(seen.sentInvites.entries[invite.responseTopic]).toEqual(invite)
    expect(seen.threads.entries[thread.topic]).toEqual(thread)
    expect(seen.inviteKeys.entries[keys.account]).toEqual(keys)
    expect(seen.receivedInviteStatuses.entries['1001']).toEqual(status)
    expect(seen.threads.ids[thread.topic]).toBe(writes[1]?.id)

    const removal = await a.client.delete({ account, store: 'threads', key: thread.topic })
    await removal.delivered
    await waitFor(() => b.client.getSnapshot({ account }).stores.threads.entries[thread.topic] === undefined)
    // The delete keeps its id as a tombstone.
    expect(b.client.getSnapshot({ account }).stores.threads.ids[thread.topic]).toBe(removal.id)
    expect(state(b.client, account)).toEqual(state(a.client, account))
    expect([...a.errors, ...b.errors]).toEqual([])
  })

  test('behavior: a device registering later ends with exactly the state of the writer', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    await a.client.register({ account, signature })
    const pending: Promise<void>[] = []
    for (let n = 0; n < 40; n++) {
      pending.push(
        (
          await a.client.set({
            account,
            store: 'sentInvites',
            value: payloads.sentInvite(n % 15, { status: n < 15 ? 'pending' : 'approved' }),
          })
        ).delivered,
      )
      pending.push(
        (await a.client.set({ account, store: 'threads', value: payloads.thread(n % 10) })).delivered,
      )
    }
    for (let n = 0; n < 5; n++) {
      pending.push(
        (await a.client.delete({ account, store: 'threads', key: payloads.thread(n).topic })).delivered,
      )
    }
    pending.push(
      (await a.client.set({ account, store: 'inviteKeys', value: payloads.inviteKeys(3) })).delivered,
    )
    await Promise.all(pending)

    const c = await device()
    const changes: ChatSyncChangeEvent[] = []
    c.client.on('change', (event) => changes.push(event))
    await c.client.register({ account, signature })
    expect(c.client.getSnapshot({ account }).status).toBe('ready')
    expect(state(c.client, account)).toEqual(state(a.client, account))
    expect(Object.keys(c.client.getSnapshot({ account }).stores.threads.entries)).toHaveLength(5)
    // Catch-up is folded in batches, not message by message: 86 messages, a handful of notifications
    // (besides those of the connection's status, which carry no store and may change under load).
    expect(changes.filter((e) => e.stores.length > 0).length).toBeLessThanOrEqual(3)
    // And they tell of every store that caught up (the writer never wrote receivedInviteStatuses).
    const caughtUp = new Set(changes.filter((e) => e.source === 'remote').flatMap((e) => e.stores))
    expect([...caughtUp].sort()).toEqual(['inviteKeys', 'sentInvites', 'threads'])
    expect(c.errors).toEqual([])
  })

  test('behavior: concurrent writes to one key converge on every device', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    const b = await device()
    const c = await device()
    await Promise.all([a.client.register({ account, signature }), b.client.register({ account, signature })])
    await c.client.register({ account, signature })
    const topic = payloads.thread(7).topic
    const writes = await Promise.all([
      ...[1, 2, 3].map((n) =>
        a.client.set({
          account,
          store: 'threads',
          value: payloads.thread(7, { peerAccount: `eip155:1:0xa${n}` }),
        }),
      ),
      ...[1, 2, 3].map((n) =>
        b.client.set({
          account,
          store: 'threads',
          value: payloads.thread(7, { peerAccount: `eip155:1:0xb${n}` }),
        }),
      ),
    ])
    await Promise.all(writes.map((w) => w.delivered))
    const winner = Math.max(...writes.map((w) => w.id))
    for (const d of [a, b, c]) {
      await waitFor(() => d.client.getSnapshot({ account }).stores.threads.ids[topic] === winner, {
        what: 'convergence',
      })
    }
    const values = [a, b, c].map((d) => d.client.getSnapshot({ account }).stores.threads.entries[topic])
    expect(values[0]).toEqual(values[1])
    expect(values[1]).toEqual(values[2])
    // A device that comes later agrees too.
    const late = await device()
    await late.client.register({ account, signature })
    expect(state(late.client, account)).toEqual(state(a.client, account))
  })

  test('behavior: a local write beats the id this device already has for the key', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    await a.client.register({ account, signature })
    // Another device whose clock is a day ahead wrote the key.
    const keys = await storeKeysOf(signature)
    const peer = await device()
    await peer.core.crypto.setSymKey(keys.threads.symKey)
    const topic = payloads.thread(1).topic
    const futureId = (Date.now() + 86_400_000) * 1000 + 123
    const future = await peer.core.crypto.encode(keys.threads.topic, {
      id: futureId,
      jsonrpc: '2.0',
      method: 'wc_syncSet',
      params: { key: topic, value: JSON.stringify(payloads.thread(1, { peerAccount: 'eip155:1:0xfuture' })) },
    })
    await publishRaw(peer.core, keys.threads.topic, future)
    await waitFor(() => a.client.getSnapshot({ account }).stores.threads.ids[topic] === futureId)
    // A later local write must win here and everywhere, or it would be lost on every device.
    const local = await a.client.set({
      account,
      store: 'threads',
      value: payloads.thread(1, { peerAccount: 'eip155:1:0xnow' }),
    })
    // The millisecond after the future change's, with the digits of this device's fresh id.
    expect(Math.floor(local.id / 1000)).toBe(Math.floor(futureId / 1000) + 1)
    expect(a.client.getSnapshot({ account }).stores.threads.entries[topic]?.peerAccount).toBe(
      'eip155:1:0xnow',
    )
    await local.delivered
    const b = await device()
    await b.client.register({ account, signature })
    expect(b.client.getSnapshot({ account }).stores.threads.entries[topic]?.peerAccount).toBe(
      'eip155:1:0xnow',
    )
  })

  test('behavior: two devices behind a third one’s clock write after its change and end with the same', async () => {
    // Each write must beat the third device's id; a set on one device and a delete on the other, made
    // while they cannot hear each other, each take the millisecond after it (with their own digits).
    const { account, signature, a, b } = await twoDevices()
    const invite = payloads.sentInvite(3)
    const aheadId = (Date.now() + 60_000) * 1000 + 500
    await publishAs(signature, 'sentInvites', {
      id: aheadId,
      method: 'wc_syncSet',
      params: { key: invite.responseTopic, value: JSON.stringify(invite) },
    })
    for (const d of [a, b]) await waitFor(() => idIn(d, account, invite.responseTopic) === aheadId)
    await Promise.all([a.core.relayer.transportClose(), b.core.relayer.transportClose()])
    const set = await a.client.set({
      account,
      store: 'sentInvites',
      value: { ...invite, status: 'approved' },
    })
    const removal = await b.client.delete({ account, store: 'sentInvites', key: invite.responseTopic })
    for (const { id } of [set, removal]) {
      expect(id).toBeGreaterThan(aheadId)
      expect(id).toBeLessThan(aheadId + 2000)
    }
    await Promise.all([a.core.relayer.transportOpen(), b.core.relayer.transportOpen()])
    await Promise.all([set.delivered, removal.delivered])
    const winner = Math.max(set.id, removal.id)
    for (const d of [a, b]) await waitFor(() => idIn(d, account, invite.responseTopic) === winner)
    await expectSameEverywhere(account, signature, [a, b])
  })

  test('behavior: two different changes with one id end the same on every device, whichever arrived first', async () => {
    // A's set and a third device's delete share an id. B hears the delete first, A holds its set first.
    const { account, signature, a, b } = await twoDevices()
    const invite = payloads.sentInvite(4)
    await a.core.relayer.transportClose()
    const set = await a.client.set({ account, store: 'sentInvites', value: invite })
    await publishAs(signature, 'sentInvites', {
      id: set.id,
      method: 'wc_syncDel',
      params: { key: invite.responseTopic },
    })
    await waitFor(() => idIn(b, account, invite.responseTopic) === set.id)
    expect(b.client.getSnapshot({ account }).stores.sentInvites.entries[invite.responseTopic]).toBeUndefined()
    await a.core.relayer.transportOpen()
    await set.delivered
    // A set beats a delete with its id: B takes it; A keeps it although the delete reaches it after.
    await waitFor(
      () => b.client.getSnapshot({ account }).stores.sentInvites.entries[invite.responseTopic] !== undefined,
      {
        what: "A's set on B",
      },
    )
    await expectSameEverywhere(account, signature, [a, b])
    expect(a.client.getSnapshot({ account }).stores.sentInvites.entries[invite.responseTopic]).toEqual(invite)
  })

  test('behavior: a change with the largest safe id (a clock centuries ahead) cannot be replaced: the write is refused, the account goes on', async () => {
    const { account, signature, a, b } = await twoDevices()
    const [stuck, other] = [payloads.sentInvite(5), payloads.sentInvite(6)]
    await publishAs(signature, 'sentInvites', {
      id: Number.MAX_SAFE_INTEGER,
      method: 'wc_syncSet',
      params: { key: stuck.responseTopic, value: JSON.stringify(stuck) },
    })
    for (const d of [a, b])
      await waitFor(() => idIn(d, account, stuck.responseTopic) === Number.MAX_SAFE_INTEGER)
    await expect(
      a.client.set({ account, store: 'sentInvites', value: { ...stuck, status: 'approved' } }),
    ).rejects.toThrow(InvalidStoreUpdateError)
    await expect(
      a.client.delete({ account, store: 'sentInvites', key: stuck.responseTopic }),
    ).rejects.toThrow(/no id is left above 9007199254740991/)
    // Nothing changed, the snapshot still reads, and other keys take writes on both devices.
    expect(a.client.getSnapshot({ account }).stores.sentInvites.entries[stuck.responseTopic]).toEqual(stuck)
    const written = await a.client.set({ account, store: 'sentInvites', value: other })
    await written.delivered
    await waitFor(() => idIn(b, account, other.responseTopic) === written.id)
    await expectSameEverywhere(account, signature, [a, b])
  })
})

describe('snapshots and notifications', () => {
  test('behavior: the snapshot keeps its reference until something changes, per store', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    const idle = a.client.getSnapshot({ account })
    expect(idle.status).toBe('idle')
    expect(a.client.getSnapshot({ account: 'eip155:1:0xsomeoneelse' })).toBe(idle)
    expect(Object.isFrozen(idle)).toBe(true)

    await a.client.register({ account, signature })
    const before = a.client.getSnapshot({ account })
    expect(a.client.getSnapshot({ account })).toBe(before)
    await a.client.set({ account, store: 'threads', value: payloads.thread(1) })
    const after = a.client.getSnapshot({ account })
    expect(after).not.toBe(before)
    expect(after.stores.threads).not.toBe(before.stores.threads)
    expect(after.stores.sentInvites).toBe(before.stores.sentInvites)
    expect(after.stores.inviteKeys).toBe(before.stores.inviteKeys)
    expect(a.client.getSnapshot({ account })).toBe(after)
  })

  test('behavior: listeners hear once per batch of writes made in one tick', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    await a.client.register({ account, signature })
    const events: ChatSyncChangeEvent[] = []
    // The writes' deliveries are heard too (`source: 'delivered'`), whenever the relay accepts them.
    const off = a.client.on('change', (event) => {
      if (event.source !== 'delivered') events.push(event)
    })
    await Promise.all([
      a.client.set({ account, store: 'threads', value: payloads.thread(1) }),
      a.client.set({ account, store: 'threads', value: payloads.thread(2) }),
      a.client.set({ account, store: 'sentInvites', value: payloads.sentInvite(1) }),
    ])
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(events).toEqual([{ account, stores: ['sentInvites', 'threads'], source: 'local' }])
    off()
    await a.client.set({ account, store: 'threads', value: payloads.thread(3) })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(events).toHaveLength(1)
  })

  test('behavior: a throwing listener neither stops the others nor the engine', async () => {
    const { account, signature } = await createWallet()
    const reported: unknown[] = []
    const a = await device({ logger: { error: (_message, context) => reported.push(context?.error) } })
    await a.client.register({ account, signature })
    const heard: string[] = []
    a.client.on('change', () => {
      throw new Error('listener bug')
    })
    a.client.on('change', (event) => heard.push(event.source))
    const { delivered } = await a.client.set({ account, store: 'threads', value: payloads.thread(1) })
    await delivered
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(heard).toEqual(['local', 'delivered'])
    expect(reported).toHaveLength(2)
    expect((reported[0] as Error).message).toBe('listener bug')
  })
})

describe('registration', () => {
  test('parameters: a signature made by another account is refused; nothing is derived or stored', async () => {
    const mine = await createWallet()
    const other = await createWallet()
    const a = await device()
    const setSymKey = vi.spyOn(a.core.crypto, 'setSymKey')
    await expect(a.client.register({ account: mine.account, signature: other.signature })).rejects.toThrow(
      SignatureMismatchError,
    )
    await expect(a.client.register({ account: mine.account, signature: '0x1234' })).rejects.toMatchObject({
      name: 'SignatureMismatchError',
      reason: 'malformed-signature',
    })
    const error = await a.client
      .register({ account: mine.account, signature: other.signature })
      .catch((e) => e)
    expect(error.reason).toBe('wrong-signer')
    expect(error.message).not.toContain(other.signature.slice(2, 20))
    expect(setSymKey).not.toHaveBeenCalled()
    expect(await a.client.isRegistered({ account: mine.account })).toBe(false)
    expect(await a.client.restore({ account: mine.account })).toBe(false)
    expect(a.client.getSnapshot({ account: mine.account }).status).toBe('idle')
  })

  test('parameters: accounts of other namespaces are accepted unverified', async () => {
    const a = await device()
    const b = await device()
    const account = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv'
    await a.client.register({ account, signature: 'an-ed25519-signature' })
    await b.client.register({ account, signature: 'an-ed25519-signature' })
    const write = await a.client.set({ account, store: 'threads', value: payloads.thread(4) })
    await write.delivered
    await waitFor(
      () => b.client.getSnapshot({ account }).stores.threads.entries[payloads.thread(4).topic] !== undefined,
    )
  })

  test('behavior: two accounts on one client are independent', async () => {
    const first = await createWallet()
    const second = await createWallet()
    const a = await device()
    const b = await device()
    await a.client.register(first)
    await a.client.register(second)
    await b.client.register(second)
    const write = await a.client.set({ account: first.account, store: 'threads', value: payloads.thread(1) })
    const other = await a.client.set({ account: second.account, store: 'threads', value: payloads.thread(2) })
    await Promise.all([write.delivered, other.delivered])
    await waitFor(
      () =>
        b.client.getSnapshot({ account: second.account }).stores.threads.entries[payloads.thread(2).topic] !==
        undefined,
    )
    expect(Object.keys(a.client.getSnapshot({ account: first.account }).stores.threads.entries)).toEqual([
      payloads.thread(1).topic,
    ])
    expect(Object.keys(a.client.getSnapshot({ account: second.account }).stores.threads.entries)).toEqual([
      payloads.thread(2).topic,
    ])
    expect(Object.keys(b.client.getSnapshot({ account: second.account }).stores.threads.entries)).toEqual([
      payloads.thread(2).topic,
    ])
    expect(b.client.getSnapshot({ account: first.account }).status).toBe('idle')

    await a.client.unregister({ account: first.account })
    expect(a.client.getSnapshot({ account: first.account }).status).toBe('idle')
    expect(a.client.getSnapshot({ account: second.account }).status).toBe('ready')
    const later = await a.client.set({ account: second.account, store: 'threads', value: payloads.thread(3) })
    await later.delivered
    await waitFor(
      () =>
        b.client.getSnapshot({ account: second.account }).stores.threads.entries[payloads.thread(3).topic] !==
        undefined,
    )
  })

  test('behavior: unregister forgets keys, state and the registration', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    await a.client.register({ account, signature })
    await a.client.set({ account, store: 'threads', value: payloads.thread(1) })
    const topics = Object.values(await storeKeysOf(signature)).map((keys) => keys.topic)
    expect(topics.map((topic) => a.core.crypto.hasKeys(topic))).toEqual([true, true, true, true])
    expect(await a.client.isRegistered({ account })).toBe(true)
    await a.client.unregister({ account })
    expect(await a.client.isRegistered({ account })).toBe(false)
    expect(await a.client.restore({ account })).toBe(false)
    expect(a.client.getSnapshot({ account }).status).toBe('idle')
    expect(topics.map((topic) => a.core.crypto.hasKeys(topic))).toEqual([false, false, false, false])
    expect(await a.core.relayer.subscriber.isKnownTopic(topics[0] as string)).toBe(false)
    await expect(a.client.set({ account, store: 'threads', value: payloads.thread(2) })).rejects.toThrow(
      AccountNotRegisteredError,
    )
  })
})

describe('writes', () => {
  test('parameters: an invalid value is a typed error and nothing is sent', async () => {
    const { account, signature } = await createWallet()
    const a = await device()
    await a.client.register({ account, signature })
    const request = vi.spyOn(a.core.relayer, 'request')
    const before = a.client.getSnapshot({ account })
    const invalid = { ...payloads.thread(1), symKey: 42 } as unknown as ReturnType<typeof payloads.thread>
    const error = await a.client.set({ account, store: 'threads', value: invalid }).catch((e) => e)
    expect(error).toBeInstanceOf(PayloadValidationError)
    expect(error.issues).toEqual([{ path: ['symKey'], problem: 'expected string, received number' }])
    await expect(
      a.client.set({ account, store: 'nope' as 'threads', value: payloads.thread(1) }),
    ).rejects.toThrow(UnknownStoreError)
    await expect(a.client.delete({ account, store: 'threads', key: '' })).rejects.toMatchObject({
      name: 'InvalidStoreKeyError',
    })
    await expect(
      a.client.set({ account, store: 'threads', value: payloads.thread(1, { symKey: 'x'.repeat(40_000) }) }),
    ).rejects.toMatchObject({ name: 'PayloadTooLargeError' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(request.mock.calls.filter(([r]) => r.method === 'irn_publish')).toEqual([])
    expect(a.client.getSnapshot({ account })).toBe(before)
  })
})
