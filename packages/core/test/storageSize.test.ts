import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, printFigure, sharedRelayUrl, startDevice, type TestDevice } from '@chatsync/test/node'
import { afterEach, expect, test } from 'vitest'
import { jsonBytes, MAX_STORED_VALUE_BYTES } from '../src/engine/persistence/storedSize.js'

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

/** Bytes of every file under `dir`: all the device keeps, the WalletConnect core's own records included. */
function directoryBytes(dir: string): number {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    bytes += entry.isDirectory() ? directoryBytes(path) : statSync(path).size
  }
  return bytes
}

/** The largest value the device's storage is asked to keep, from now on. */
function watchLargestValue(device: TestDevice) {
  const watched = { largest: 0 }
  const storage = device.core.storage
  const setItem = storage.setItem.bind(storage)
  storage.setItem = async (key: string, value: unknown) => {
    watched.largest = Math.max(watched.largest, jsonBytes(value))
    return setItem(key, value)
  }
  return watched
}

const SCENARIO = 'storage: 2,000 rewrites of 100 threads'
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

test('behavior: after 2,000 rewrites of 100 threads, writer and reader keep at most twice what a new device keeps, in values of at most 512 KB', {
  timeout: 180_000,
}, async () => {
  const wallet = await createWallet()
  const { account } = wallet
  const writer = track(await startDevice(relayUrl))
  const reader = track(await startDevice(relayUrl))
  const values = [watchLargestValue(writer), watchLargestValue(reader)]
  await writer.client.register(wallet)
  await reader.client.register(wallet)
  // A burst: the writes queue up faster than the relay takes them (an outbox of hundreds).
  const delivered: Promise<void>[] = []
  for (let n = 0; n < 2_000; n++) {
    const value = payloads.thread(n % 100, {
      peerAccount: `eip155:1:0x${(n + 1).toString(16).padStart(40, '0')}`,
    })
    delivered.push((await writer.client.set({ account, store: 'threads', value })).delivered)
  }
  await Promise.all(delivered)
  const threadsOf = (device: TestDevice) =>
    JSON.stringify(device.client.getSnapshot({ account }).stores.threads)
  const expected = threadsOf(writer)
  await waitFor(() => threadsOf(reader) === expected, { timeoutMs: 60_000, what: 'the reader' })

  // A new device with the same state, settled (stopped cleanly).
  const fresh = track(await startDevice(relayUrl))
  await fresh.client.register(wallet)
  await waitFor(
    () => fresh.client.getSnapshot({ account }).status === 'ready' && threadsOf(fresh) === expected,
    {
      timeoutMs: 60_000,
      what: 'the new device',
    },
  )
  await fresh.shutdown()
  const freshBytes = directoryBytes(fresh.dir)

  // Running and quiet, writer and reader settle by themselves...
  const bound = 2 * freshBytes
  await waitFor(() => directoryBytes(writer.dir) <= bound && directoryBytes(reader.dir) <= bound, {
    timeoutMs: 30_000,
    what: `writer (${kib(directoryBytes(writer.dir))}) and reader (${kib(directoryBytes(reader.dir))}) within ${kib(bound)}`,
  })
  // ...and so they stay once stopped.
  await writer.shutdown()
  await reader.shutdown()
  const writerBytes = directoryBytes(writer.dir)
  const readerBytes = directoryBytes(reader.dir)
  printFigure(
    SCENARIO,
    'writer / reader / new device',
    `${kib(writerBytes)} / ${kib(readerBytes)} / ${kib(freshBytes)}`,
  )
  printFigure(SCENARIO, 'largest stored value', kib(Math.max(...values.map((v) => v.largest))))
  expect(writerBytes).toBeLessThanOrEqual(bound)
  expect(readerBytes).toBeLessThanOrEqual(bound)
  for (const watched of values) expect(watched.largest).toBeLessThanOrEqual(MAX_STORED_VALUE_BYTES)

  // What they keep is the whole state.
  const again = track(await startDevice(relayUrl, { dir: writer.dir, prefix: writer.prefix }))
  expect(await again.client.restore({ account })).toBe(true)
  expect(threadsOf(again)).toBe(expected)
})
