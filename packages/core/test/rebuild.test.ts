import { createSurvivingStorage, createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice, type TestDevice } from '@chatsync/test/node'
import { afterEach, describe, expect, test } from 'vitest'
import type { ChatSyncStorage } from '../src/engine/chatSyncCore.js'
import type { ChatSyncClient } from '../src/engine/types.js'

/*
 * A device that stops without storing what the relay handed it (a kill after the core acknowledged a
 * message, a record lost in a save cut short) comes back with everything: the relay counts those
 * messages as delivered to its client id, so the engine rebuilds the account from the relay under a
 * fresh identity. The kill is played in process: the device's storage stops taking writes, then its
 * core goes away without the client being destroyed.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup

afterEach(cleanup.run)

/** A device that records whether it rebuilt from the relay. */
async function device(storage: ChatSyncStorage, at?: { dir: string; prefix: string }) {
  const rebuilds: number[] = []
  const started = await startDevice(relayUrl, {
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
async function kill(target: TestDevice, storage: ReturnType<typeof createSurvivingStorage>) {
  storage.freeze()
  await target.close()
  storage.thaw()
}

const threadKeys = (client: ChatSyncClient, account: string) =>
  Object.keys(client.getSnapshot({ account }).stores.threads.entries).sort()

/** A writer and a reader of a new account, registered; the reader's storage outlives its restarts. */
async function writerAndReader() {
  const { account, signature } = await createWallet()
  const writer = await device(createSurvivingStorage().storage)
  const kept = createSurvivingStorage()
  const reader = await device(kept.storage)
  await writer.client.register({ account, signature })
  await reader.client.register({ account, signature })
  return { account, signature, writer, reader, kept }
}

/** The writer sets threads 0 to `count - 1`, one after another; resolves once the reader applied them. */
async function writeThreads(writer: TestDevice, reader: TestDevice, account: string, count: number) {
  for (let n = 0; n < count; n++)
    await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })
  await waitFor(() => threadKeys(reader.client, account).length === count, {
    what: `the reader to apply ${count}`,
  })
}

describe('rebuild from the relay', () => {
  test('behavior: a reader killed after it was handed changes it did not store comes back with all of them', async () => {
    const { account, writer, reader, kept } = await writerAndReader()
    // The reader is handed and applies 40 changes, but its storage takes none of them.
    kept.freeze()
    await writeThreads(writer, reader, account, 40)
    await kill(reader, kept)

    const again = await device(kept.storage, reader)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
    expect(again.rebuilds).toEqual([40])
    expect(threadKeys(again.client, account)).toEqual(threadKeys(writer.client, account))
  })

  test('behavior: after a clean stop the next start reads only what is new', async () => {
    const { account, writer, reader, kept } = await writerAndReader()
    await writeThreads(writer, reader, account, 10)
    await reader.shutdown()
    await writer.client.set({ account, store: 'threads', value: payloads.thread(99) })

    const again = await device(kept.storage, reader)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => threadKeys(again.client, account).length === 11, { what: 'the new change' })
    expect(again.rebuilds).toEqual([])
  })

  test('behavior: a record lost in a save cut short: register rebuilds everything, though the relay counts it delivered', async () => {
    const { account, signature, writer, reader, kept } = await writerAndReader()
    await writeThreads(writer, reader, account, 25)
    await reader.client.getSnapshot({ account })
    await kill(reader, kept)
    // Every snapshot and journal entry of the account is gone; the reader marker is still there.
    for (const key of [...kept.data.keys()]) {
      if (/\/\/(account|account-b|journal|chunk):/.test(key)) kept.data.delete(key)
    }

    const again = await device(kept.storage, reader)
    expect(await again.client.restore({ account })).toBe(false)
    await again.client.register({ account, signature })
    expect(again.rebuilds).toEqual([25])
    expect(threadKeys(again.client, account)).toEqual(threadKeys(writer.client, account))
  })

  test('behavior: a writer killed before storing its own delivered writes gets them back (the relay never sends a client its own)', async () => {
    const { account, signature } = await createWallet()
    const kept = createSurvivingStorage()
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
