import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ChatSyncClient, createChatSync, getSyncMessage, type SentInvite } from '@chatsync/core'
import { printFigure } from '@chatsync/test/node'
import { Core } from '@walletconnect/core'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type RunningChatApp, startChatApp } from '../scripts/startChatApp'
import { DEMO_ACCOUNTS } from '../src/wallet/demoAccounts'
import { type ChromiumProcess, startChromiumProcess } from './launchChromium'
import { type DevicePage, openDeviceInContext } from './openDevice'

/*
 * A device of the example app in Chromium, on a persistent profile (IndexedDB on disk), while a Node
 * device of the same account writes. Right after a burst of changes shows on the page, the browser and
 * every process it started are SIGKILLed: no `pagehide`, no `unload`, nothing flushed on the way out.
 * The browser starts again on the same profile and the device must show everything: the relay counted
 * those changes as delivered to it already and does not send them again.
 */

const ALICE = DEMO_ACCOUNTS.alice.account
const BOB = DEMO_ACCOUNTS.bob.account
const KILLS = 4
const BURST = 120
const DEVICE_ID = 41

let app: RunningChatApp
let buildDir: string
let relayDir: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-crash-'))
  relayDir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-crash-relay-'))
  app = await startChatApp({
    mode: 'preview',
    packages: 'built',
    relayPort: 0,
    appPort: 0,
    outDir: buildDir,
    relayDataDir: relayDir,
    logLevel: 'warn',
  })
}, 90_000)

afterAll(async () => {
  for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined)
  await app?.close()
  for (const dir of [buildDir, relayDir]) if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Alice's device in Node: a WalletConnect core with file storage and the engine on it. */
async function startNodeWriter(relayUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-crash-writer-'))
  const core = new Core({
    relayUrl,
    projectId: 'chatsync-e2e',
    customStoragePrefix: 'chatsync-e2e-crash-writer',
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  await core.start()
  const client = createChatSync({ core })
  const signature = await privateKeyToAccount(DEMO_ACCOUNTS.alice.privateKey).signMessage({
    message: getSyncMessage(ALICE),
  })
  await client.register({ account: ALICE, signature })
  cleanups.push(async () => {
    await client.destroy()
    await core.relayer.transportClose().catch(() => undefined)
    core.heartbeat.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  return client
}

const hex = () => randomBytes(32).toString('hex')

/** A sent invite the app shows as is (`rejected`: the app listens for answers to pending ones only). */
function sentInvite(responseTopic: string, message: string): SentInvite {
  return {
    id: Number.parseInt(randomBytes(6).toString('hex'), 16),
    message,
    inviterAccount: ALICE,
    inviteeAccount: BOB,
    inviterPubKeyY: hex(),
    inviterPrivKeyY: hex(),
    status: 'rejected',
    responseTopic,
    symKey: hex(),
    timestamp: Date.now(),
  }
}

/**
 * A burst of changes to `sentInvites`: about 70% new keys, 15% overwrites (a new message) and 15%
 * deletes of keys set before. Each message is unique, so an older value shows as a different one.
 */
async function writeBurst(writer: ChatSyncClient, burst: number) {
  const touched = new Set<string>()
  for (let i = 0; i < burst; i++) {
    const live = Object.keys(writer.getSnapshot({ account: ALICE }).stores.sentInvites.entries)
    const roll = Math.random()
    const target = live[Math.floor(Math.random() * live.length)]
    const message = `burst ${burst} change ${i} ${hex().slice(0, 8)}`
    const { key } =
      roll < 0.7 || !target
        ? await writer.set({ account: ALICE, store: 'sentInvites', value: sentInvite(hex(), message) })
        : roll < 0.85
          ? await writer.set({ account: ALICE, store: 'sentInvites', value: sentInvite(target, message) })
          : await writer.delete({ account: ALICE, store: 'sentInvites', key: target })
    touched.add(key)
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return touched
}

/** The writer's sent invites: key → message (what every device must show). */
function truthOf(writer: ChatSyncClient) {
  const { entries } = writer.getSnapshot({ account: ALICE }).stores.sentInvites
  return new Map(Object.entries(entries).map(([key, invite]) => [key, invite.message]))
}

/** What the page shows: key → message of each sent invite in the list. */
async function shownOn(device: DevicePage) {
  const rows = await device.device
    .locator('[data-testid="sent-invite"]')
    .evaluateAll((items) =>
      items.map((item) => [
        item.getAttribute('data-key') ?? '',
        item.querySelector('[data-testid="sent-invite-message"]')?.textContent ?? '',
      ]),
    )
  return new Map(rows as [string, string][])
}

/** Keys missing on the page, and keys it shows with another value (older, or deleted since). */
function compare(shown: Map<string, string>, truth: Map<string, string>) {
  const lost = [...truth.keys()].filter((key) => !shown.has(key))
  const stale = [...shown].filter(([key, message]) => truth.get(key) !== message).map(([key]) => key)
  return { lost, stale }
}

test('behavior: a Chromium device SIGKILLed right after changes arrived (4 times) shows everything after the restart', async () => {
  const scenario = 'crash: Chromium killed right after changes arrived'
  const browserDir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-crash-browser-'))
  const dirs = { userDataDir: join(browserDir, 'profile'), tmpDir: join(browserDir, 'tmp') }
  mkdirSync(dirs.tmpDir)
  let chromium: ChromiumProcess = await startChromiumProcess(dirs)
  cleanups.push(async () => {
    await chromium.close()
    rmSync(browserDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  })
  let device = await openDeviceInContext(chromium.context, app.appUrl, DEVICE_ID)
  await device.approveAndWaitReady()
  const writer = await startNodeWriter(app.relayUrl!)

  const pageErrors = [device.pageErrors]
  const perKill: { lost: number; stale: number }[] = []
  const lostBefore = new Set<string>()
  for (let kill = 0; kill < KILLS; kill++) {
    const touched = await writeBurst(writer, BURST)
    const truth = truthOf(writer)
    // Killed the moment the page shows every change of the burst.
    await expect
      .poll(
        async () => {
          const shown = await shownOn(device)
          return [...touched].filter((key) => shown.get(key) !== truth.get(key))
        },
        { timeout: 20_000, interval: 20 },
      )
      .toEqual([])
    await chromium.kill()

    chromium = await startChromiumProcess(dirs)
    device = await openDeviceInContext(chromium.context, app.appUrl, DEVICE_ID)
    pageErrors.push(device.pageErrors)
    // The same device: no new signature, its state from the profile, then caught up with the relay.
    await device.waitForStatus('ready', 30_000)
    expect(await device.page.getByTestId('wallet-request').count()).toBe(0)
    let result = compare(await shownOn(device), truth)
    const until = Date.now() + 10_000
    while ((result.lost.length > 0 || result.stale.length > 0) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      result = compare(await shownOn(device), truth)
    }
    perKill.push({ lost: result.lost.length, stale: result.stale.length })
    const lostNow = result.lost.filter((key) => !lostBefore.has(key)).length
    for (const key of result.lost) lostBefore.add(key)
    printFigure(
      scenario,
      `kill ${kill + 1}: lost / stale sent invites after the restart`,
      `${result.lost.length} (${lostNow} by this kill) / ${result.stale.length} of ${truth.size}`,
    )
  }
  printFigure(scenario, 'changes written by the Node device', KILLS * BURST)
  expect({ pageErrors: pageErrors.flat(), perKill }).toEqual({
    pageErrors: [],
    perKill: Array(KILLS).fill({ lost: 0, stale: 0 }),
  })
}, 240_000)
