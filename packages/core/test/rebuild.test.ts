import { startDevRelay } from '@chatsync/dev-relay'
import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, startDevice, type TestDevice } from '@chatsync/test/node'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { ChatSyncStorage } from '../src/engine/chatSyncCore.js'
import type { ChatSyncClient } from '../src/engine/types.js'

/*
 * A device that stops without storing what the relay handed it (a kill after the core acknowledged a
 * message, a record lost in a save cut short) comes back with everything: the relay counts those
 * messages as delivered to its client id, so the engine rebuilds the account from the relay under a
 * fresh identity. The kill is played in process: the device's storage stops taking writes, then its
 * core goes away without the client being destroyed.
 */

let relay: Awaited<ReturnType<typeof startDevRelay>>
const cleanup = createCleanup()
const { track } = cleanup

beforeAll(async () => {
  relay = await startDevRelay({ port: 0 })
})
afterEach(cleanup.run)
afterAll(async () => {
  await relay.close()
})

/** Storage that outlives a device's restarts in this process; `freeze` makes it drop writes (a kill). */
function survivingStorage() {
  const data = new Map<string, unknown>()
  let frozen = false
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined
    },
    async setItem(key, value) {
      if (!frozen) data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      if (!frozen) data.delete(key)
    },
  }
  return {
    storage,
    data,
    freeze: () => {
      frozen = true
    },
    thaw: () => {
      frozen = false
    },
  }
}

/** A device that records whether it rebuilt from the relay. */
async function device(storage: ChatSyncStorage, at?: { dir: string; prefix: string }) {
  const rebuilds: number[] = []
  const started = await startDevice(relay.url, {
    ...at,
    storage,
    logger: {
      debug: (message, context) => {
        if (message === 'Rebuilt from the relay.') rebuilds.push(context?.count as number)
      },
    },
  })
  return Object.assign(track(started, { keepDir: true }), { rebuilds })
}

/** Stops a device as a kill would: nothing is stored any more, and nothing is cleaned up. */
async function kill(target: TestDevice, storage: ReturnType<typeof survivingStorage>) {
  storage.freeze()
  await target.close()
  storage.thaw()
}

const threadKeys = (client: ChatSyncClient, account: string) =>
  Object.keys(client.getSnapshot({ account }).stores.threads.entries).sort()

describe('rebuild from the relay', () => {
  test('behavior: a reader killed after it was handed changes it did not store comes back with all of them', async () => {
    const { account, signature } = await createWallet()
    const writer = await device(survivingStorage().storage)
    const kept = survivingStorage()
    const reader = await device(kept.storage)
    await writer.client.register({ account, signature })
    await reader.client.register({ account, signature })
    // The reader is handed and applies 40 changes, but its storage takes none of them.
    kept.freeze()
    for (let n = 0; n < 40; n++)
      await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })
    await waitFor(() => threadKeys(reader.client, account).length === 40, { what: 'the reader to apply 40' })
    await kill(reader, kept)

    const again = await device(kept.storage, reader)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
    expect(again.rebuilds).toEqual([40])
    expect(threadKeys(again.client, account)).toEqual(threadKeys(writer.client, account))
  })

  test('behavior: after a clean stop the next start reads only what is new', async () => {
    const { account, signature } = await createWallet()
    const writer = await device(survivingStorage().storage)
    const kept = survivingStorage()
    const reader = await device(kept.storage)
    await writer.client.register({ account, signature })
    await reader.client.register({ account, signature })
    for (let n = 0; n < 10; n++)
      await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })
    await waitFor(() => threadKeys(reader.client, account).length === 10, { what: 'the reader to apply 10' })
    await reader.shutdown()
    await writer.client.set({ account, store: 'threads', value: payloads.thread(99) })

    const again = await device(kept.storage, reader)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => threadKeys(again.client, account).length === 11, { what: 'the new change' })
    expect(again.rebuilds).toEqual([])
  })

  test('behavior: a record lost in a save cut short: register rebuilds everything, though the relay counts it delivered', async () => {
    const { account, signature } = await createWallet()
    const writer = await device(survivingStorage().storage)
    const kept = survivingStorage()
    const reader = await device(kept.storage)
    await writer.client.register({ account, signature })
    await reader.client.register({ account, signature })
    for (let n = 0; n < 25; n++)
      await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })
    await waitFor(() => threadKeys(reader.client, account).length === 25, { what: 'the reader to apply 25' })
    await reader.client.getSnapshot({ account })
    await kill(reader, kept)
    // Every snapshot and journal entry of the account is gone; the reader marker is still there.
    for (const key of [...kept.data.keys()]) {
      if (/\/\/(account|account-b|journal):/.test(key)) kept.data.delete(key)
    }

    const again = await device(kept.storage, reader)
    expect(await again.client.restore({ account })).toBe(false)
    await again.client.register({ account, signature })
    expect(again.rebuilds).toEqual([25])
    expect(threadKeys(again.client, account)).toEqual(threadKeys(writer.client, account))
  })

  test('behavior: a writer killed before storing its own delivered writes gets them back (the relay never sends a client its own)', async () => {
    const { account, signature } = await createWallet()
    const kept = survivingStorage()
    const writer = await device(kept.storage)
    await writer.client.register({ account, signature })
    for (let n = 0; n < 10; n++)
      await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })
    await writer.client.set({ account, store: 'threads', value: payloads.thread(0) }).then((r) => r.saved)
    kept.freeze()
    const delivered: Promise<void>[] = []
    for (let n = 10; n < 30; n++) {
      delivered.push(
        (await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })).delivered,
      )
    }
    await Promise.all(delivered)
    await kill(writer, kept)

    const again = await device(kept.storage, writer)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
    expect(threadKeys(again.client, account)).toHaveLength(30)
    expect(again.rebuilds).toEqual([31])
  })
})
