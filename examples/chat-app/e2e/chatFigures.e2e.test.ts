import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { acceptInvite, sendInvite, sendMessage } from '@chatsync/chat'
import { createWallet } from '@chatsync/test'
import { createCleanup, printFigure } from '@chatsync/test/node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startChatDevice, waitForChat } from '../../../packages/chat/test/chatKit'
import { type RunningChatApp, startChatApp } from '../scripts/startChatApp'
import { DEMO_ACCOUNTS } from '../src/wallet/demoAccounts'
import { launchChromium } from './launchChromium'
import { type DevicePage, openDevice } from './openDevice'

/*
 * The chat's figures in Chromium, in the example (production build, the packages as they ship) on the dev
 * relay: Alice's device and Bob's, each a page of its own. Times are taken in the pages (`Date.now()`, one
 * clock): from the click that sends, to the moment the other page's DOM shows the result (a
 * MutationObserver installed before the page's scripts).
 *
 * 1. invite → shown on Bob (10 invites)
 * 2. accept → the thread on both sides (5 invites accepted on Bob's page)
 * 3. message Alice → Bob (40 messages, one after the other)
 * 4. a new device of Alice showing a 1,000-message thread (written from Node devices of both accounts)
 */

const SCENARIO = 'chat figures (Chromium, example, dev relay)'
const INVITES = 10
const ACCEPTS = 5
const MESSAGES = 40
const LONG_THREAD = 1000

let app: RunningChatApp
let browser: Browser
let buildDir: string
const cleanup = createCleanup()

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-figures-'))
  browser = await launchChromium()
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
  await cleanup.run()
  await browser?.close()
  await app?.close()
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
})

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const summary = (values: number[]) =>
  `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms (n=${values.length})`

type Seen = {
  texts: Record<string, number>
  threads: Record<string, number>
  inSyncAt?: number
  longAt?: number
}
declare global {
  interface Window {
    __seen: Seen
  }
}

/** Records in the page when each message or invite text, and each thread, first shows (ms since the epoch). */
async function watchDom(device: DevicePage, longThread = 0) {
  await device.page.addInitScript((long: number) => {
    const seen: Seen = { texts: {}, threads: {} }
    window.__seen = seen
    new MutationObserver(() => {
      const now = Date.now()
      for (const node of document.querySelectorAll(
        '[data-testid="chat-message-text"], [data-testid="received-invite-message"]',
      ))
        seen.texts[node.textContent ?? ''] ??= now
      for (const thread of document.querySelectorAll('[data-testid="thread"]'))
        seen.threads[thread.getAttribute('data-key') ?? ''] ??= now
      if (!seen.inSyncAt && document.querySelector('[data-testid="sync-status"][data-status="ready"]'))
        seen.inSyncAt = now
      if (long && !seen.longAt && document.querySelectorAll('[data-testid="chat-message"]').length >= long)
        seen.longAt = now
    }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true })
  }, longThread)
  await device.page.reload()
}

const seenOn = (device: DevicePage) => device.page.evaluate(() => window.__seen)

/** Clicks the element `selector` finds in the page and returns when, in the page's clock. */
const clickAt = (device: DevicePage, selector: string) =>
  device.page.evaluate((s) => {
    const at = Date.now()
    ;(document.querySelector(s) as HTMLElement).click()
    return at
  }, selector)

async function waitSeen<T>(device: DevicePage, pick: (seen: Seen) => T | undefined, timeout = 15_000) {
  let value: T | undefined
  await expect
    .poll(
      async () => {
        value = pick(await seenOn(device))
        return value !== undefined
      },
      { timeout, interval: 20 },
    )
    .toBe(true)
  return value as T
}

test('figures: invite → shown, accept → thread on both sides, message A → B, a 1,000-message thread on a new device', async () => {
  const alice = await openDevice(browser, app.appUrl, 1, 'alice')
  const bob = await openDevice(browser, app.appUrl, 1, 'bob')
  await Promise.all([alice.approveAndWaitReady(), bob.approveAndWaitReady()])
  await Promise.all([watchDom(alice), watchDom(bob)])
  for (const device of [alice, bob]) await device.waitForChat('ready', 20_000)

  // 1. Invites from Alice's page to Bob's.
  const inviteMs: number[] = []
  for (let n = 1; n <= INVITES; n++) {
    const text = `invite ${n}`
    await alice.device.getByTestId('invite-message-input').fill(text)
    const sentAt = await clickAt(alice, `[data-testid="device-alice-1"] [data-testid="send-invite"]`)
    const shownAt = await waitSeen(bob, (seen) => seen.texts[text])
    inviteMs.push(shownAt - sentAt)
    await expect.poll(() => alice.device.getByTestId('invite-message-input').inputValue()).toBe('')
  }
  printFigure(SCENARIO, 'invite → shown on the invitee', summary(inviteMs))

  // 2. Bob accepts: the thread on his page and on Alice's.
  const acceptMs: number[] = []
  for (let n = 1; n <= ACCEPTS; n++) {
    const before = Object.keys((await seenOn(alice)).threads)
    const row = `[data-testid="received-invite"][data-status="pending"]`
    const acceptedAt = await clickAt(bob, `${row} [data-testid="accept-invite"]`)
    const newThread = (seen: Seen) => Object.entries(seen.threads).find(([topic]) => !before.includes(topic))
    const [topic, onAlice] = await waitSeen(alice, newThread)
    const onBob = await waitSeen(bob, (seen) => seen.threads[topic])
    acceptMs.push(Math.max(onAlice, onBob) - acceptedAt)
  }
  printFigure(SCENARIO, 'accept → the thread on both sides', summary(acceptMs))

  // 3. Messages from Alice to Bob, in the first thread, one after the other.
  const messageMs: number[] = []
  const thread = `[data-testid="device-alice-1"] [data-testid="thread"]`
  for (let n = 1; n <= MESSAGES; n++) {
    const text = `message ${n}`
    await alice.device.getByTestId('thread').first().getByTestId('message-input').fill(text)
    const sentAt = await clickAt(alice, `${thread} [data-testid="send-message"]`)
    const shownAt = await waitSeen(bob, (seen) => seen.texts[text])
    messageMs.push(shownAt - sentAt)
  }
  printFigure(SCENARIO, 'message A → B', summary(messageMs))
  expect(alice.pageErrors.concat(bob.pageErrors)).toEqual([])

  // 4. A thousand messages in a thread of Alice's, written from Node devices of Alice and Bob.
  const relay = { url: app.relayUrl!, keysUrl: app.keysUrl! }
  const [aliceWallet, bobWallet] = await Promise.all([
    createWallet(DEMO_ACCOUNTS.alice.privateKey),
    createWallet(DEMO_ACCOUNTS.bob.privateKey),
  ])
  const [aliceNode, bobNode] = await Promise.all([
    startChatDevice(cleanup, relay, aliceWallet),
    startChatDevice(cleanup, relay, bobWallet),
  ])
  const sent = await sendInvite(aliceNode.chat, { inviteeAccount: bobWallet.account, message: 'a long one' })
  await waitForChat(bobNode, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on Bob')
  const { topic } = await acceptInvite(bobNode.chat, { id: sent.id })
  await waitForChat(
    aliceNode,
    (s) => s.threads[topic] !== undefined,
    'the long thread on Alice’s Node device',
  )
  for (let n = 0; n < LONG_THREAD; n++)
    await sendMessage(n % 2 ? aliceNode.chat : bobNode.chat, { topic, message: `long ${n}` })
  await waitForChat(
    aliceNode,
    (s) => s.threads[topic]?.messages.length === LONG_THREAD,
    'the long thread on Alice’s Node device',
    60_000,
  )
  await waitForChat(
    bobNode,
    (s) => s.threads[topic]?.messages.length === LONG_THREAD,
    'the long thread on Bob’s Node device',
    60_000,
  )

  // A new device of Alice: only the long thread has a thousand messages, the others a few.
  const fresh = await openDevice(browser, app.appUrl, 9, 'alice')
  await watchDom(fresh, LONG_THREAD)
  const request = fresh.pendingRequest.first()
  await request.waitFor({ timeout: 20_000 })
  const approvedAt = await clickAt(
    fresh,
    '[data-testid="wallet-request"][data-status="pending"] [data-testid="wallet-approve"]',
  )
  const longAt = await waitSeen(fresh, (seen) => seen.longAt, 60_000)
  const { inSyncAt } = await seenOn(fresh)
  printFigure(
    SCENARIO,
    'new device: sync signature approved → 1,000-message thread shown',
    `${longAt - approvedAt} ms`,
  )
  printFigure(
    SCENARIO,
    'new device: "In sync" shown → 1,000-message thread shown',
    `${longAt - inSyncAt!} ms`,
  )
  await fresh.approveAndWaitReady()
  expect(fresh.pageErrors).toEqual([])
}, 300_000)
