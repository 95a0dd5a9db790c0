import { join } from 'node:path'
import { createWallet, payloads, type TestWallet, waitFor } from '@chatsync/test'
import {
  createCleanup,
  printFigure,
  type RestartableRelay,
  startDevice,
  startUnreachableRelay,
  type UnreachableRelayKind,
} from '@chatsync/test/node'
import { Core } from '@walletconnect/core'
import { afterEach, describe, expect, test } from 'vitest'
import { setStoreValue } from '../src/actions/setStoreValue.js'
import { createChatSyncConfig } from '../src/session/createChatSyncConfig.js'
import { createChatSyncSession } from '../src/session/createChatSyncSession.js'

/*
 * A device that has synced before shows what it stored as soon as the app restores it: before the relay
 * connects, and also when the relay does not answer at all (a plane, a dead relay). It accepts writes
 * (saved at once, queued for the relay), and catches up and delivers them once the relay answers.
 */

const STORED = 20
/** Generous for a shared machine: reading the stored state is a few storage reads, no relay. */
const READABLE_WITHIN_MS = 1_500

const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

/** A device of `wallet` that synced `STORED` threads and stopped cleanly; its storage stays. */
async function syncedBefore(relay: RestartableRelay, wallet: TestWallet) {
  const device = await startDevice(relay.url)
  cleanup.add(() => device.shutdown())
  await device.client.register(wallet)
  const writes = []
  for (let n = 0; n < STORED; n++) {
    writes.push(
      await device.client.set({ account: wallet.account, store: 'threads', value: payloads.thread(n) }),
    )
  }
  await Promise.all(writes.map((write) => write.delivered))
  await device.shutdown()
  return { dir: device.dir, prefix: device.prefix }
}

/** Takes the relay away: `kind` decides what then answers on its port. */
async function takeAway(relay: RestartableRelay, kind: UnreachableRelayKind) {
  await relay.stop()
  const port = Number(new URL(relay.url).port)
  const hole = await startUnreachableRelay({ kind, port })
  return async () => {
    await hole.close()
    await relay.restart()
  }
}

const threadCount = (entries: object) => Object.keys(entries).length

describe.each(['refused', 'silent-tcp', 'silent-websocket'] as const)('the relay %s', (kind) => {
  test('behavior: restore() shows the stored state at once, takes writes, and catches up once the relay answers', {
    timeout: 60_000,
  }, async () => {
    const relay = await cleanup.restartableRelay()
    const wallet = await createWallet()
    const { account } = wallet
    const stored = await syncedBefore(relay, wallet)
    const bringBack = await takeAway(relay, kind)

    const starting = Date.now()
    const again = track(await startDevice(relay.url, stored))
    printFigure('stored state first', `${kind}: core started in (ms)`, Date.now() - starting)
    const started = Date.now()
    expect(await again.client.restore({ account })).toBe(true)
    const restoreMs = Date.now() - started
    // Readable as soon as restore() resolves: nothing in it waits for the relay.
    const snapshot = again.client.getSnapshot({ account })
    expect(threadCount(snapshot.stores.threads.entries)).toBe(STORED)
    expect(snapshot.status).toBe('syncing')
    printFigure('stored state first', `${kind}: restore() to stored state readable (ms)`, restoreMs)
    expect(restoreMs).toBeLessThanOrEqual(READABLE_WITHIN_MS)

    const write = await again.client.set({ account, store: 'threads', value: payloads.thread(STORED) })
    await write.saved
    await waitFor(() => again.client.getSnapshot({ account }).connection === 'offline', { what: 'offline' })

    await bringBack()
    await write.delivered
    await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
    const other = track(await startDevice(relay.url))
    await other.client.register(wallet)
    expect(threadCount(other.client.getSnapshot({ account }).stores.threads.entries)).toBe(STORED + 1)
  })

  test('behavior: a session shows the stored state right after it mounts, and its writes resolve saved', {
    timeout: 60_000,
  }, async () => {
    const relay = await cleanup.restartableRelay()
    const wallet = await createWallet()
    const { account } = wallet
    const stored = await syncedBefore(relay, wallet)
    const bringBack = await takeAway(relay, kind)
    const again = track(await startDevice(relay.url, stored))

    const session = createChatSyncSession({ client: again.client, account })
    const started = Date.now()
    const unmount = session.mount()
    cleanup.add(unmount)
    await waitFor(() => session.state.getState().stores.threads.data.length === STORED, {
      what: 'the stored threads in the session state',
    })
    const readableMs = Date.now() - started
    printFigure(
      'stored state first',
      `${kind}: session mount to stored threads in its state (ms)`,
      readableMs,
    )
    expect(readableMs).toBeLessThanOrEqual(READABLE_WITHIN_MS)
    expect(session.state.getState().status).toBe('syncing')

    // Offline: shown in the session state, and a write through the session resolves (saved) all the same.
    await waitFor(() => session.state.getState().connection === 'offline', { what: 'offline in the session' })
    const write = await setStoreValue(session, { store: 'threads', value: payloads.thread(STORED) })
    expect(session.state.getState().stores.threads.data).toHaveLength(STORED + 1)

    await bringBack()
    await write.delivered
    await waitFor(() => session.state.getState().status === 'ready', { what: 'ready' })
    await waitFor(() => session.state.getState().connection === 'connected', { what: 'connected' })
  })
})

describe('before the core has started', () => {
  test('behavior: a config mounted without an account shows the account synced last, as stored, before the core starts; a write waits for it and is delivered', {
    timeout: 60_000,
  }, async () => {
    const relay = await cleanup.restartableRelay()
    const wallet = await createWallet()
    const { account } = wallet
    const stored = await syncedBefore(relay, wallet)
    // The core an app makes synchronously, which its sign client starts later (`SignClient.init({ core })`).
    const core = new Core({
      relayUrl: relay.url,
      projectId: 'chatsync-test',
      customStoragePrefix: stored.prefix,
      storageOptions: { database: join(stored.dir, 'db') },
      logger: 'silent',
    })
    cleanup.add(async () => {
      await core.relayer.transportClose().catch(() => {})
      core.heartbeat.stop()
    })
    let start: () => void = () => {}
    const coreReady = new Promise<void>((resolve) => {
      start = resolve
    })
    const config = createChatSyncConfig({ core, coreReady })
    const started = Date.now()
    const unmount = config.mount()
    cleanup.add(async () => {
      unmount()
      await config.client.destroy()
    })
    await waitFor(() => config.state.getState().stores.threads.data.length === STORED, {
      what: 'the stored threads before the core started',
    })
    const shownMs = Date.now() - started
    printFigure('stored state first', 'config mount (core not started) to stored threads shown (ms)', shownMs)
    expect(shownMs).toBeLessThanOrEqual(READABLE_WITHIN_MS)
    expect(config.state.getState()).toMatchObject({ account, status: 'syncing', restored: true })
    expect(core.relayer.connected).toBe(false)

    let saved = false
    const writing = setStoreValue(config, { store: 'threads', value: payloads.thread(STORED) }).then(
      (write) => {
        saved = true
        return write
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(saved).toBe(false)

    await core.start()
    start()
    const write = await writing
    await write.delivered
    await waitFor(() => config.state.getState().status === 'ready', { what: 'ready' })
    expect(config.state.getState().stores.threads.data).toHaveLength(STORED + 1)
    const other = track(await startDevice(relay.url))
    await other.client.register(wallet)
    expect(threadCount(other.client.getSnapshot({ account }).stores.threads.entries)).toBe(STORED + 1)
  })

  test('behavior: a config given a function that starts the core calls it once the stored state shows, and goes live', {
    timeout: 60_000,
  }, async () => {
    const relay = await cleanup.restartableRelay()
    const wallet = await createWallet()
    const stored = await syncedBefore(relay, wallet)
    const core = new Core({
      relayUrl: relay.url,
      projectId: 'chatsync-test',
      customStoragePrefix: stored.prefix,
      storageOptions: { database: join(stored.dir, 'db') },
      logger: 'silent',
    })
    cleanup.add(async () => {
      await core.relayer.transportClose().catch(() => {})
      core.heartbeat.stop()
    })
    const calls: number[] = []
    const config = createChatSyncConfig({
      core,
      coreReady: () => {
        calls.push(config.state.getState().stores.threads.data.length)
        return core.start()
      },
    })
    const unmount = config.mount()
    cleanup.add(async () => {
      unmount()
      await config.client.destroy()
    })
    await waitFor(() => config.state.getState().status === 'ready', { what: 'ready' })
    // Called once, when the stored threads were shown already.
    expect(calls).toEqual([STORED])
  })

  test('behavior: with nothing stored, a config given a function that starts the core calls it at once', async () => {
    const relay = await cleanup.restartableRelay()
    const fresh = track(await startDevice(relay.url))
    let calls = 0
    const config = createChatSyncConfig({
      core: fresh.core,
      coreReady: async () => {
        calls++
      },
    })
    const unmount = config.mount()
    cleanup.add(async () => {
      unmount()
      await config.client.destroy()
    })
    await waitFor(() => calls === 1, { what: 'the core started', timeoutMs: 1_000 })
    expect(config.state.getState()).toMatchObject({ status: 'idle', account: undefined })
  })

  test('behavior: with nothing synced on this device, a config mounted without an account stays idle', async () => {
    const relay = await cleanup.restartableRelay()
    const fresh = track(await startDevice(relay.url))
    const config = createChatSyncConfig({ client: fresh.client })
    const unmount = config.mount()
    cleanup.add(unmount)
    expect(await fresh.client.getRecentAccount()).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(config.state.getState()).toMatchObject({ status: 'idle', account: undefined })
  })
})
