import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice, type TestDevice } from '@chatsync/test/node'
import {
  appStateListenerCount,
  createMemoryAsyncStorage,
  createWalletConnectStorage,
  type MemoryAsyncStorage,
  setAppState,
} from '@chatsync/test/react-native'
import { afterEach, describe, expect, test } from 'vitest'
import { persistedAccountKey } from '../../src/engine/persistence/persistedAccount.js'
import { readerMarkerKey } from '../../src/engine/persistence/readerMarker.js'
import type { ChatSyncClient } from '../../src/engine/types.js'

/*
 * React Native's AppState does what `pagehide` does in a browser. A phone app going to the background
 * writes what is pending and, once everything it applied is stored, marks a clean stop: the OS ends
 * backgrounded apps without warning, and the next start then needs no rebuild from the relay. Anything
 * applied after that, or the app coming back, lifts the mark. Storage is chatsync's default there: the
 * WalletConnect core's own (@walletconnect/keyvaluestorage's React Native build, on AsyncStorage), which
 * keeps the core's client id and keychain too. The kill is played in process, as in rebuild.test.ts:
 * storage stops taking writes, the core goes away.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()

afterEach(async () => {
  setAppState('active')
  await cleanup.run()
})

/** A phone: a device whose core keeps everything on AsyncStorage, recording its rebuilds from the relay. */
async function phone(asyncStorage: MemoryAsyncStorage, at?: { dir: string; prefix: string }) {
  const rebuilds: number[] = []
  // Only where the app keeps its data carries over: a restarted app has a new core.
  const started = await startDevice(relayUrl, {
    dir: at?.dir,
    prefix: at?.prefix,
    coreStorage: createWalletConnectStorage(asyncStorage),
    logger: {
      debug: (message, context) => {
        if (message === 'Rebuilt from the relay.') rebuilds.push(context?.count as number)
      },
    },
  })
  return Object.assign(cleanup.track(started, { keepDir: true }), { rebuilds, asyncStorage })
}

/** The phone's reader marker as stored (`clean` says whether the next start may skip the rebuild). */
function marker(device: TestDevice & { asyncStorage: MemoryAsyncStorage }, account: string) {
  const key = readerMarkerKey(persistedAccountKey(device.core.customStoragePrefix, account))
  const text = device.asyncStorage.data.get(key)
  return text === undefined ? undefined : (JSON.parse(text) as { clean: boolean })
}

/** Ends the app as the OS does: nothing is stored from now on, nothing is cleaned up. */
async function kill(device: TestDevice & { asyncStorage: MemoryAsyncStorage }) {
  device.asyncStorage.freeze()
  await device.close()
  // The process is gone: its engine must not go on hearing AppState (its writes are dropped anyway).
  await device.client.destroy()
  device.asyncStorage.thaw()
}

const threads = (client: ChatSyncClient, account: string) =>
  Object.keys(client.getSnapshot({ account }).stores.threads.entries).sort()

/** A writer (another device) and a phone, both registered; the phone has applied `count` threads. */
async function writerAndPhone(count: number) {
  const { account, signature } = await createWallet()
  const writer = cleanup.track(await startDevice(relayUrl))
  const device = await phone(createMemoryAsyncStorage())
  await writer.client.register({ account, signature })
  await device.client.register({ account, signature })
  for (let n = 0; n < count; n++)
    await writer.client.set({ account, store: 'threads', value: payloads.thread(n) })
  await waitFor(() => threads(device.client, account).length === count, { what: 'the phone to apply them' })
  return { account, writer, device }
}

describe('React Native AppState', { timeout: 30_000 }, () => {
  test('behavior: going to the background stores what is pending and marks a clean stop: killed there, the next start reads no more than what is new', async () => {
    const { account, writer, device } = await writerAndPhone(20)
    expect(marker(device, account)?.clean).toBe(false)
    setAppState('background')
    await waitFor(() => marker(device, account)?.clean === true, { what: 'the clean mark' })
    await kill(device)
    setAppState('active')
    await writer.client.set({ account, store: 'threads', value: payloads.thread(99) })

    const again = await phone(device.asyncStorage, device)
    expect(await again.client.restore({ account })).toBe(true)
    // Everything applied before the kill is there at once, from storage.
    expect(threads(again.client, account)).toHaveLength(20)
    await waitFor(() => threads(again.client, account).length === 21, { what: 'the new change' })
    expect(again.rebuilds).toEqual([])
  })

  test('behavior: killed without going to the background first, the next start rebuilds from the relay', async () => {
    const { account, device } = await writerAndPhone(20)
    await kill(device)

    const again = await phone(device.asyncStorage, device)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
    expect(again.rebuilds).toEqual([20])
    expect(threads(again.client, account)).toHaveLength(20)
  })

  test('behavior: a message that arrives in the background lifts the mark: killed then, the next start rebuilds and has it', async () => {
    const { account, writer, device } = await writerAndPhone(5)
    setAppState('inactive')
    await waitFor(() => marker(device, account)?.clean === true, { what: 'the clean mark' })
    setAppState('background')
    await writer.client.set({ account, store: 'threads', value: payloads.thread(50) })
    await waitFor(() => threads(device.client, account).length === 6, { what: 'the message to arrive' })
    await waitFor(() => marker(device, account)?.clean === false, { what: 'the mark to be lifted' })
    await kill(device)
    setAppState('active')

    const again = await phone(device.asyncStorage, device)
    expect(await again.client.restore({ account })).toBe(true)
    await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
    expect(again.rebuilds).toEqual([6])
    expect(threads(again.client, account)).toEqual(threads(writer.client, account))
  })

  test('behavior: active again lifts the mark and catches up; destroy() stops following AppState', async () => {
    const { account, writer, device } = await writerAndPhone(3)
    const listening = appStateListenerCount()
    setAppState('background')
    await waitFor(() => marker(device, account)?.clean === true, { what: 'the clean mark' })
    // In the background the app may lose its connection (a drop, not a close by the app).
    await (device.core.relayer as unknown as { transportDisconnect(): Promise<void> }).transportDisconnect()
    setAppState('active')
    // Nothing arrived: the mark is lifted because the app is back and reads again.
    await waitFor(() => marker(device, account)?.clean === false, { what: 'the mark to be lifted' })
    await writer.client.set({ account, store: 'threads', value: payloads.thread(30) })
    await waitFor(() => threads(device.client, account).length === 4, { what: 'the new change' })

    // A stop is clean once no catch-up is in progress (the reconnection's may still be).
    await waitFor(() => device.client.inspect({ account })?.catchUp.status === 'idle', { what: 'idle' })
    await device.client.destroy()
    expect(appStateListenerCount()).toBe(listening - 1)
    // A clean stop, as everywhere.
    expect(marker(device, account)?.clean).toBe(true)
  })
})
