import { createWallet, payloads, storeKeysOf, type TestWallet, waitFor } from '@chatsync/test'
import { createCleanup, publishRaw, sharedRelayUrl, startDevice, type TestDevice } from '@chatsync/test/node'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ChatSyncClient } from '../../src/engine/types.js'
import type { ChatStoreId } from '../../src/stores/catalogue.js'
import { seal } from './hostileMessages.js'

/*
 * Valid changes whose keys are `__proto__`, `constructor`, `prototype` and other `Object.prototype`
 * names, and a valid payload with an extra `__proto__` member: they apply as plain own entries on every
 * device (live, catching up, and after a restart from storage), and nothing reaches `Object.prototype`
 * or the prototype of a stored value.
 */

const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']

const relayUrl = sharedRelayUrl()
let wallet: TestWallet
const cleanup = createCleanup()
const { track } = cleanup

beforeAll(async () => {
  wallet = await createWallet()
})
afterAll(cleanup.run)

function expectPlainEntries(client: ChatSyncClient, writtenIds: Map<string, number>, deleted: string) {
  const { threads } = client.getSnapshot({ account: wallet.account }).stores
  for (const key of KEYS) {
    expect(Object.hasOwn(threads.ids, key)).toBe(true)
    expect(threads.ids[key]).toBe(writtenIds.get(key))
    if (key === deleted) {
      expect(Object.hasOwn(threads.entries, key)).toBe(false)
      continue
    }
    expect(Object.hasOwn(threads.entries, key)).toBe(true)
    const entry = threads.entries[key] as unknown as Record<string, unknown>
    expect(entry).toEqual(payloads.thread(KEYS.indexOf(key), { topic: key }))
    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(entry))
  }
  expect([null, Object.prototype]).toContain(Object.getPrototypeOf(threads.entries))
}

test('behavior: Object.prototype names as keys apply as own entries everywhere, and nothing is polluted', {
  timeout: 30_000,
}, async () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort()
  const a = await startDevice(relayUrl)
  const b = track(await startDevice(relayUrl))
  await a.client.register(wallet)
  await b.client.register(wallet)
  const { account } = wallet

  // A Map: `ids.__proto__ = n` on a plain object would set nothing.
  const writtenIds = new Map<string, number>()
  for (const [index, key] of KEYS.entries()) {
    const write = await a.client.set({
      account,
      store: 'threads',
      value: payloads.thread(index, { topic: key }),
    })
    expect(write.key).toBe(key)
    writtenIds.set(key, write.id)
    await write.delivered
  }
  const removal = await a.client.delete({ account, store: 'threads', key: 'constructor' })
  writtenIds.set('constructor', removal.id)
  await removal.delivered

  // A peer's valid change with an extra `__proto__` member that would override fields if it were merged.
  const keys = await storeKeysOf(wallet.signature)
  const peer = track(await startDevice(relayUrl))
  for (const id of Object.keys(keys) as ChatStoreId[]) await peer.core.crypto.setSymKey(keys[id].symKey)
  const invite = payloads.sentInvite(1)
  const valueText = JSON.stringify(invite).replace(
    /^\{/,
    '{"__proto__":{"polluted":"yes","status":"approved","symKey":"attacker"},',
  )
  const request = `{"id":${Date.now() * 1000 + 1},"jsonrpc":"2.0","method":"wc_syncSet","params":{"key":${JSON.stringify(invite.responseTopic)},"value":${JSON.stringify(valueText)}}}`
  await publishRaw(peer.core, keys.sentInvites.topic, seal(keys.sentInvites.symKey, request))

  const hasAll = (client: ChatSyncClient) => {
    const { stores } = client.getSnapshot({ account })
    return (
      KEYS.every((key) => stores.threads.ids[key] === writtenIds.get(key)) &&
      Object.hasOwn(stores.sentInvites.entries, invite.responseTopic)
    )
  }
  await waitFor(() => hasAll(a.client) && hasAll(b.client), { what: 'both devices to apply every change' })
  // A device catching up from the relay's history, and the writer after a restart from its storage.
  const late = track(await startDevice(relayUrl))
  await late.client.register(wallet)
  await waitFor(() => hasAll(late.client), { what: 'the late device to catch up' })
  const checkDevice = (device: TestDevice) => {
    expectPlainEntries(device.client, writtenIds, 'constructor')
    const stored = device.client.getSnapshot({ account }).stores.sentInvites.entries[invite.responseTopic]
    expect(stored).toEqual(invite)
    const value = stored as unknown as Record<string, unknown>
    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(value))
    expect(value.polluted).toBeUndefined()
    expect(device.errors).toEqual([])
  }
  checkDevice(a)
  await a.shutdown()
  const again = track(await startDevice(relayUrl, { dir: a.dir, prefix: a.prefix }))
  expect(await again.client.restore({ account })).toBe(true)
  await waitFor(() => hasAll(again.client), { what: 'the restarted device' })

  for (const device of [b, late, again]) checkDevice(device)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames)
})
