import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHAT_STORES, getSyncMessage } from '@chatsync/core'
import { deriveStoreKeys } from '@chatsync/core/internal'
import { Core } from '@walletconnect/core'
import type { Browser } from 'playwright-core'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type RunningChatApp, startChatApp } from '../scripts/startChatApp'
import { demoPrivateKey } from '../src/wallet/demoPrivateKey'
import { launchChromium } from './launchChromium'
import { type DevicePage, openDevice, openTab } from './openDevice'

const artifacts = fileURLToPath(new URL('../../../artifacts/e2e/', import.meta.url))
const DEMO_ACCOUNT = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

let app: RunningChatApp
let browser: Browser
let buildDir: string
const devices: DevicePage[] = []

async function shot(device: DevicePage, name: string) {
  await device.page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })
}

async function approvePending(device: DevicePage) {
  await device.pendingRequest.getByTestId('wallet-approve').click()
}

/**
 * Publishes `message` on the demo account's threads topic from a WalletConnect core of its own. Anyone may
 * publish on a topic; only holders of the store key can write something the devices accept.
 */
async function publishOnThreadsTopic(relayUrl: string, message: string) {
  const signature = await privateKeyToAccount(demoPrivateKey).signMessage({
    message: getSyncMessage(DEMO_ACCOUNT),
  })
  const store = CHAT_STORES.threads.name
  const { topic } = (await deriveStoreKeys({ signature, stores: [store] }))[store]!
  const dir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-publisher-'))
  const core = new Core({
    relayUrl,
    projectId: 'chatsync-e2e',
    customStoragePrefix: 'chatsync-e2e-publisher',
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  try {
    await core.start()
    await core.relayer.request({
      method: 'irn_publish',
      params: { topic, message, ttl: 300, tag: 5000, prompt: false },
    })
  } finally {
    await core.relayer.transportClose().catch(() => undefined)
    core.heartbeat.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  buildDir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-'))
  // Fails first when Chromium is missing, before spending time on the build.
  browser = await launchChromium()
  // The built packages, resolved through their `exports` as an installed app gets them.
  app = await startChatApp({
    mode: 'preview',
    packages: 'built',
    relayPort: 0,
    appPort: 0,
    outDir: buildDir,
    logLevel: 'warn',
  })
}, 90_000)

afterAll(async () => {
  // The state every device ended in, for the CI artifacts (most useful when a step failed).
  for (const [index, device] of devices.entries())
    await shot(device, `final-device-${index + 1}`).catch(() => undefined)
  await browser?.close()
  await app?.close()
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
})

describe('two devices of one account, a demo wallet and the dev relay', () => {
  test('pair, enable sync (reject once), see each other’s writes, reload, catch up, accept', async () => {
    const a = await openDevice(browser, app.appUrl, 1)
    const b = await openDevice(browser, app.appUrl, 2)
    devices.push(a, b)

    // Both pair with their demo wallet; enabling sync asks each wallet for the signature.
    for (const device of [a, b]) {
      await device.pendingRequest.waitFor({ timeout: 20_000 })
      expect(await device.device.getByTestId('device-account').textContent()).toBe(DEMO_ACCOUNT)
      expect(await device.pendingRequest.textContent()).toContain(
        `I authorize this app to sync my account: ${DEMO_ACCOUNT}`,
      )
      await device.waitForStatus('signing')
    }
    await shot(a, '01-device-a-signing')

    // Device A rejects first, then tries again and approves.
    await a.pendingRequest.getByTestId('wallet-reject').click()
    await a.waitForStatus('rejected')
    await shot(a, '02-device-a-rejected')
    await a.device.getByTestId('enable-sync').click()
    await a.pendingRequest.waitFor()
    await approvePending(a)
    await a.waitForStatus('ready')
    const aReadyAt = Date.now()
    await approvePending(b)
    await b.waitForStatus('ready')
    await shot(a, '03-device-a-ready')
    await shot(b, '04-device-b-ready')

    // An invite sent on A shows on B within 5 s.
    await a.device.getByTestId('invite-message-input').fill('Hello from device A')
    await a.device.getByTestId('send-invite').click()
    const onA = a.device.locator('[data-testid="sent-invite"]', { hasText: 'Hello from device A' })
    await onA.waitFor({ timeout: 5_000 })
    const inviteKey = await onA.getAttribute('data-key')
    expect(inviteKey).toMatch(/^[0-9a-f]{64}$/)
    const onB = b.device.locator(`[data-testid="sent-invite"][data-key="${inviteKey}"]`)
    await onB.waitFor({ timeout: 5_000 })
    expect(await onB.getByTestId('sent-invite-message').textContent()).toBe('Hello from device A')
    expect(await onB.getByTestId('sent-invite-status').textContent()).toBe('pending')
    await shot(b, '05-device-b-sees-invite')

    // B reloads: its state is back without a new signature (the wallet gets no request).
    await b.page.reload()
    await b.waitForStatus('ready')
    await onB.waitFor()
    expect(await b.page.getByTestId('wallet-request').count()).toBe(0)
    await shot(b, '06-device-b-reloaded')

    // A third device pairs, signs once, and catches up from the relay's history.
    const c = await openDevice(browser, app.appUrl, 3)
    devices.push(c)
    await c.pendingRequest.waitFor({ timeout: 20_000 })
    await approvePending(c)
    await c.waitForStatus('ready')
    const onC = c.device.locator(`[data-testid="sent-invite"][data-key="${inviteKey}"]`)
    await onC.waitFor({ timeout: 5_000 })
    await shot(c, '07-device-c-caught-up')

    // sign-client cleans up, on each 5 s heartbeat, subscriptions of its core that are not its own
    // sessions or pairings; A must still receive changes after at least one such pulse.
    const untilHeartbeat = aReadyAt + 6_000 - Date.now()
    if (untilHeartbeat > 0) await new Promise((resolve) => setTimeout(resolve, untilHeartbeat))

    // Accepting the invite on C opens a thread that appears on every device.
    await onC.getByTestId('accept-invite').click()
    for (const device of [a, b, c]) {
      await device.device.getByTestId('thread').first().waitFor({ timeout: 5_000 })
      const threads = device.device.getByTestId('thread')
      expect(await threads.count()).toBe(1)
      expect(await threads.first().getByTestId('thread-peer').textContent()).toBe(
        'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
      )
      await device.device
        .locator(`[data-testid="sent-invite"][data-key="${inviteKey}"] [data-testid="sent-invite-status"]`, {
          hasText: 'approved',
        })
        .waitFor({ timeout: 5_000 })
    }
    const topics = await Promise.all(
      [a, b, c].map((device) => device.device.getByTestId('thread').first().getAttribute('data-key')),
    )
    expect(new Set(topics).size).toBe(1)
    await shot(a, '08-device-a-thread')
    await shot(b, '09-device-b-thread')
    await shot(c, '10-device-c-thread')

    // A message on the threads topic that no store key opens: every device drops it, shows the
    // provider's onError report, and keeps its state.
    await publishOnThreadsTopic(app.relayUrl!, Buffer.from('not an envelope').toString('base64'))
    for (const device of [a, b, c]) {
      const problem = device.device.getByTestId('background-problem')
      await problem.waitFor({ timeout: 5_000 })
      expect(await problem.getAttribute('data-name')).toBe('IncomingMessageError')
      expect(await problem.getByTestId('background-problem-text').textContent()).toContain('(undecryptable)')
      expect(await device.device.getByTestId('thread').count()).toBe(1)
      await device.waitForStatus('ready')
    }
    await shot(a, '11-device-a-dropped-message')
    await a.device.getByTestId('dismiss-problem').click()
    expect(await a.device.getByTestId('background-problem').count()).toBe(0)

    for (const device of devices) {
      expect(device.pageErrors).toEqual([])
      expect(device.offMachine).toEqual([])
    }
  }, 120_000)

  test('the side-by-side page: two devices and "Add a device" on one page, one demo wallet', async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } })
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(app.appUrl)
    const pending = page.locator('[data-testid="wallet-request"][data-status="pending"]')
    const statusOf = (id: number) => page.getByTestId(`device-${id}`).getByTestId('sync-status')

    // sign-client hands the wallet one request at a time: approve both devices' requests in turn.
    for (let approved = 0; approved < 2; approved++) {
      await pending.first().waitFor({ timeout: 20_000 })
      await pending.first().getByTestId('wallet-approve').click()
      await pending.first().waitFor({ state: 'detached' })
    }
    for (const id of [1, 2]) await expect.poll(() => statusOf(id).getAttribute('data-status')).toBe('ready')

    await page.getByTestId('device-1').getByTestId('invite-message-input').fill('Side by side')
    await page.getByTestId('device-1').getByTestId('send-invite').click()
    await page
      .getByTestId('device-2')
      .locator('[data-testid="sent-invite"]', { hasText: 'Side by side' })
      .waitFor({
        timeout: 5_000,
      })

    await page.getByTestId('add-device').click()
    await pending.first().waitFor({ timeout: 20_000 })
    await pending.first().getByTestId('wallet-approve').click()
    await page
      .getByTestId('device-3')
      .locator('[data-testid="sent-invite"]', { hasText: 'Side by side' })
      .waitFor({
        timeout: 10_000,
      })
    await page.getByTestId('device-3').getByTestId('rotate-invite-key').click()
    for (const id of [1, 2])
      await page.getByTestId(`device-${id}`).getByTestId('invite-key').waitFor({ timeout: 5_000 })
    await page.screenshot({ path: join(artifacts, '11-side-by-side.png'), fullPage: true })
    expect(pageErrors).toEqual([])
    await context.close()
  }, 90_000)

  test('two tabs of one device: a write in one shows in the other at once, and survives it', async () => {
    const tab1 = await openDevice(browser, app.appUrl, 1)
    const phone = await openDevice(browser, app.appUrl, 2)
    devices.push(tab1, phone)
    for (const device of [tab1, phone]) {
      await device.pendingRequest.waitFor({ timeout: 20_000 })
      await approvePending(device)
      await device.waitForStatus('ready')
    }
    // The same device in a second tab: same browser storage, so the same WalletConnect core and client id.
    const second = await openTab(tab1, app.appUrl, 1)
    const tab2 = second.device
    await second.waitForStatus('ready', 20_000)
    expect(await second.page.getByTestId('wallet-request').count()).toBe(0)
    const invite = (locator: typeof tab2, text: string) =>
      locator.locator('[data-testid="sent-invite"]', { hasText: text })

    // The relay sends a client none of its own messages: tab 2 can only learn this from tab 1.
    await tab1.device.getByTestId('invite-message-input').fill('Written in tab 1')
    await tab1.device.getByTestId('send-invite').click()
    await invite(tab2, 'Written in tab 1').waitFor({ timeout: 5_000 })
    await invite(phone.device, 'Written in tab 1').waitFor({ timeout: 5_000 })

    // Tab 1 closes. Tab 2 persists its state afterwards (a change from the phone), then reloads.
    await tab1.page.close({ runBeforeUnload: true })
    await phone.device.getByTestId('invite-message-input').fill('Written on the phone')
    await phone.device.getByTestId('send-invite').click()
    await invite(tab2, 'Written on the phone').waitFor({ timeout: 5_000 })
    await second.page.reload()
    await second.waitForStatus('ready', 20_000)
    await invite(tab2, 'Written on the phone').waitFor({ timeout: 5_000 })
    expect(await invite(tab2, 'Written in tab 1').count()).toBe(1)
    await shot(second, '12-second-tab-after-reload')

    // "Turn off" in one tab forgets the account on the device: another open tab goes idle, and after a
    // reload it asks for the signature again.
    const third = await openTab(second, app.appUrl, 1)
    await third.waitForStatus('ready', 20_000)
    await tab2.getByTestId('disable-sync').click()
    await third.waitForStatus('idle', 20_000)
    await third.page.reload()
    await third.waitForStatus('signing', 20_000)
    await third.pendingRequest.waitFor()
  }, 90_000)
})
