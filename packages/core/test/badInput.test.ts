import { encodeTypeTwoEnvelope, encrypt } from '@walletconnect/utils'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ChatStoreId } from '../src/stores/catalogue.js'
import {
  createWallet,
  payloads,
  publishRaw,
  removeDir,
  startDevice,
  startDevRelay,
  storeKeysOf,
  type TestDevice,
  type TestWallet,
  waitFor,
} from './harness.js'

/*
 * Crafted messages on the store topics, published by a peer that has the store keys (or not), as a
 * buggy or hostile client could. Each must be dropped and reported once, leaving state untouched; the
 * reference client crashes its process on some of them (a decrypted `null`, a `wc_syncSet` without
 * params), which vitest would report here as an unhandled error.
 */

let relay: Awaited<ReturnType<typeof startDevRelay>>
let wallet: TestWallet
let target: TestDevice
let rogue: TestDevice
let keys: Awaited<ReturnType<typeof storeKeysOf>>
let sentinel = 0

beforeAll(async () => {
  relay = await startDevRelay({ port: 0 })
  wallet = await createWallet()
  target = await startDevice(relay.url)
  rogue = await startDevice(relay.url)
  await target.client.register(wallet)
  keys = await storeKeysOf(wallet.signature)
  for (const id of Object.keys(keys) as ChatStoreId[]) await rogue.core.crypto.setSymKey(keys[id].symKey)
})
afterAll(async () => {
  for (const d of [target, rogue]) {
    await d.shutdown()
    removeDir(d.dir)
  }
  await relay.close()
})

// Deliberately loose: these are the malformed requests a buggy peer could send.
// biome-ignore lint/suspicious/noExplicitAny: crafted payloads do not fit the core's request type.
const request = (method: string, params: unknown, id: unknown = Date.now() * 1000 + 1): any => ({
  id,
  jsonrpc: '2.0',
  method,
  params,
})

/** Publishes a valid change after `message` and waits for it, so `message` has been handled by then. */
async function publishThenSettle(store: ChatStoreId, message: string) {
  await publishRaw(rogue.core, keys[store].topic, message)
  sentinel += 1
  const marker = payloads.receivedInviteStatus(900_000 + sentinel)
  const valid = await rogue.core.crypto.encode(
    keys.receivedInviteStatuses.topic,
    request('wc_syncSet', { key: String(marker.id), value: JSON.stringify(marker) }),
  )
  await publishRaw(rogue.core, keys.receivedInviteStatuses.topic, valid)
  await waitFor(
    () =>
      target.client.getSnapshot({ account: wallet.account }).stores.receivedInviteStatuses.entries[
        String(marker.id)
      ] !== undefined,
    { what: 'the sentinel change' },
  )
}

function storesWithoutSentinels() {
  const { stores } = target.client.getSnapshot({ account: wallet.account })
  return { sentInvites: stores.sentInvites, threads: stores.threads, inviteKeys: stores.inviteKeys }
}

describe('incoming messages that are dropped', () => {
  const thread = payloads.thread(1)
  const cases: { name: string; store: ChatStoreId; reason: string; make: () => Promise<string> | string }[] =
    [
      {
        name: 'encrypted with another key',
        store: 'threads',
        reason: 'undecryptable',
        make: () =>
          encrypt({
            symKey: '42'.repeat(32),
            message: JSON.stringify(
              request('wc_syncSet', { key: thread.topic, value: JSON.stringify(thread) }),
            ),
          }),
      },
      {
        name: 'an unencrypted (type 2) envelope',
        store: 'threads',
        reason: 'undecryptable',
        make: () =>
          encodeTypeTwoEnvelope(
            JSON.stringify(request('wc_syncSet', { key: thread.topic, value: JSON.stringify(thread) })),
          ),
      },
      {
        name: 'not base64 at all',
        store: 'threads',
        reason: 'undecryptable',
        make: () => '%%% not an envelope %%%',
      },
      {
        name: 'a decrypted null',
        store: 'threads',
        reason: 'not-object',
        make: () => encrypt({ symKey: keys.threads.symKey, message: 'null' }),
      },
      {
        name: 'decrypted text that is not JSON',
        store: 'threads',
        reason: 'not-json',
        make: () => encrypt({ symKey: keys.threads.symKey, message: '{"jsonrpc":"2.0", oops' }),
      },
      {
        name: 'an unknown method',
        store: 'threads',
        reason: 'unknown-method',
        make: () =>
          rogue.core.crypto.encode(keys.threads.topic, request('wc_syncWipe', { key: thread.topic })),
      },
      {
        name: 'wc_syncSet without params',
        store: 'threads',
        reason: 'invalid-params',
        make: () =>
          rogue.core.crypto.encode(keys.threads.topic, {
            id: Date.now() * 1000,
            jsonrpc: '2.0',
            method: 'wc_syncSet',
          } as never),
      },
      {
        name: 'an id that is a string',
        store: 'threads',
        reason: 'invalid-id',
        make: () =>
          rogue.core.crypto.encode(
            keys.threads.topic,
            request('wc_syncSet', { key: thread.topic, value: JSON.stringify(thread) }, '1700000000000123'),
          ),
      },
      {
        name: 'a value that fails the store schema',
        store: 'threads',
        reason: 'invalid-payload',
        make: () =>
          rogue.core.crypto.encode(
            keys.threads.topic,
            request('wc_syncSet', { key: thread.topic, value: JSON.stringify({ ...thread, symKey: 7 }) }),
          ),
      },
      {
        name: 'a value that is not JSON text',
        store: 'threads',
        reason: 'invalid-payload',
        make: () =>
          rogue.core.crypto.encode(
            keys.threads.topic,
            request('wc_syncSet', { key: thread.topic, value: 'plain words' }),
          ),
      },
      {
        name: "a key that is not the payload's key field",
        store: 'threads',
        reason: 'key-mismatch',
        make: () =>
          rogue.core.crypto.encode(
            keys.threads.topic,
            request('wc_syncSet', { key: payloads.thread(2).topic, value: JSON.stringify(thread) }),
          ),
      },
      {
        name: 'an oversized message',
        store: 'sentInvites',
        reason: 'oversized',
        make: () => {
          const huge = payloads.sentInvite(1, { message: 'x'.repeat(40_000) })
          return rogue.core.crypto.encode(
            keys.sentInvites.topic,
            request('wc_syncSet', { key: huge.responseTopic, value: JSON.stringify(huge) }),
          )
        },
      },
    ]

  for (const { name, store, reason, make } of cases) {
    test(`behavior: ${name} is dropped and reported once as ${reason}`, async () => {
      const before = storesWithoutSentinels()
      const errorsBefore = target.errors.length
      await publishThenSettle(store, await make())
      const reported = target.errors.slice(errorsBefore)
      expect(reported).toHaveLength(1)
      expect(reported[0]?.account).toBe(wallet.account)
      expect(reported[0]?.error).toMatchObject({ name: 'IncomingMessageError', reason })
      // Neither keys nor values are echoed.
      expect(reported[0]?.error.message).not.toContain(keys[store].symKey)
      expect(reported[0]?.error.message).not.toContain(thread.symKey)
      const after = storesWithoutSentinels()
      expect(after.threads).toBe(before.threads)
      expect(after.sentInvites).toBe(before.sentInvites)
      expect(after.inviteKeys).toBe(before.inviteKeys)
    })
  }
})

describe('ordering', () => {
  const set = (store: ChatStoreId, key: string, value: unknown, id: number) =>
    rogue.core.crypto.encode(
      keys[store].topic,
      request('wc_syncSet', { key, value: JSON.stringify(value) }, id),
    )

  test('behavior: duplicates and out-of-order delivery are harmless', async () => {
    const base = Date.now() * 1000
    const newer = payloads.thread(10, { peerAccount: 'eip155:1:0xnewer' })
    const older = payloads.thread(10, { peerAccount: 'eip155:1:0xolder' })
    const newerMessage = await set('threads', newer.topic, newer, base + 500)
    await publishThenSettle('threads', newerMessage)
    await publishThenSettle('threads', newerMessage)
    await publishThenSettle('threads', await set('threads', older.topic, older, base + 100))
    const removal = await rogue.core.crypto.encode(
      keys.threads.topic,
      request('wc_syncDel', { key: newer.topic }, base + 50),
    )
    await publishThenSettle('threads', removal)
    const { threads } = target.client.getSnapshot({ account: wallet.account }).stores
    expect(threads.entries[newer.topic]).toEqual(newer)
    expect(threads.ids[newer.topic]).toBe(base + 500)
    expect(target.errors.filter((e) => e.error.name !== 'IncomingMessageError')).toEqual([])
  })

  test('behavior: an older change to one key still applies after a newer change to another key', async () => {
    // The reference client compares against the newest id of the whole store and drops this change.
    const base = Date.now() * 1000
    const first = payloads.sentInvite(20)
    const second = payloads.sentInvite(21)
    await publishThenSettle('sentInvites', await set('sentInvites', second.responseTopic, second, base + 900))
    await publishThenSettle('sentInvites', await set('sentInvites', first.responseTopic, first, base + 100))
    const { sentInvites } = target.client.getSnapshot({ account: wallet.account }).stores
    expect(sentInvites.entries[first.responseTopic]).toEqual(first)
    expect(sentInvites.entries[second.responseTopic]).toEqual(second)
  })

  test('behavior: a device catching up drops the same bad messages and reaches the same state', async () => {
    const late = await startDevice(relay.url)
    try {
      await late.client.register(wallet)
      const mine = target.client.getSnapshot({ account: wallet.account }).stores
      const theirs = late.client.getSnapshot({ account: wallet.account }).stores
      for (const id of ['sentInvites', 'threads', 'inviteKeys', 'receivedInviteStatuses'] as const) {
        expect({ ...theirs[id].entries }).toEqual({ ...mine[id].entries })
        expect({ ...theirs[id].ids }).toEqual({ ...mine[id].ids })
      }
      const reasons = late.errors.map((e) => (e.error as { reason?: string }).reason).sort()
      expect(reasons).toEqual(
        [
          'undecryptable',
          'undecryptable',
          'undecryptable',
          'not-object',
          'not-json',
          'unknown-method',
          'invalid-params',
          'invalid-id',
          'invalid-payload',
          'invalid-payload',
          'key-mismatch',
          'oversized',
        ].sort(),
      )
    } finally {
      await late.shutdown()
      removeDir(late.dir)
    }
  })
})
