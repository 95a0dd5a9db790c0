import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MASKED } from '@chatsync/core'
import { createWallet, storeKeysOf } from '@chatsync/test'
import { createCleanup, printFigure, publishRaw, removeDir, startTestCore } from '@chatsync/test/node'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createForger, makeCacao } from '../../../packages/chat/test/forgeKit'
import { type RunningChatApp, startChatApp } from '../scripts/startChatApp'
import { DEMO_ACCOUNTS } from '../src/wallet/demoAccounts'
import { launchChromium } from './launchChromium'
import { type DevicePage, openDevice, openTab } from './openDevice'

const artifacts = fileURLToPath(new URL('../../../artifacts/e2e/', import.meta.url))
const ALICE = DEMO_ACCOUNTS.alice.account
const BOB = DEMO_ACCOUNTS.bob.account

let app: RunningChatApp
let browser: Browser
let buildDir: string
const devices: DevicePage[] = []
/** The devices of the first test, which later tests go on with. */
let scenario: { alice1: DevicePage; alice2: DevicePage; bob: DevicePage } | undefined

const open = async (id: number, owner: 'alice' | 'bob' = 'alice') => {
  const device = await openDevice(browser, app.appUrl, id, owner)
  devices.push(device)
  return device
}
const shot = (device: DevicePage, name: string) => device.shot(artifacts, name)
const sleepUntil = async (time: number) => {
  const wait = time - Date.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}
const messageTexts = (thread: Locator) => thread.getByTestId('chat-message-text').allTextContents()
const waitForText = (locator: Locator, text: string, timeout = 10_000) =>
  expect.poll(() => locator.allTextContents(), { timeout }).toContain(text)

/**
 * Publishes `message` on Alice's threads store topic from a WalletConnect core of its own. Anyone may
 * publish on a topic; only holders of the store key can write something the devices accept.
 */
async function publishOnThreadsTopic(relayUrl: string, message: string) {
  const { signature } = await createWallet(DEMO_ACCOUNTS.alice.privateKey)
  const { topic } = (await storeKeysOf(signature)).threads
  const publisher = await startTestCore(relayUrl)
  try {
    await publishRaw(publisher.core, topic, message, 5000, 300)
  } finally {
    await publisher.close()
    removeDir(publisher.dir)
  }
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  buildDir = mkdtempSync(join(tmpdir(), 'chatsync-e2e-'))
  // Fails first when Chromium is missing, before spending time on the build.
  browser = await launchChromium()
  // The built packages, resolved through their `exports` as an installed app gets them; each device has
  // the devtools (their `/production` entry, loaded when a device shows them).
  app = await startChatApp({
    devtools: true,
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
  for (const device of devices)
    await shot(device, `final-${device.owner}-${device.id}`).catch(() => undefined)
  await browser?.close()
  await app?.close()
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
})

describe('the example chat: Alice on two devices, Bob on one, the dev relay and its key directory', () => {
  test('invite, accept, a thread read and answered on a device that took no part, a late device, a rejection', async () => {
    // Alice's device 1 signs first: it finds no invite key and makes one, registered in the directory.
    const alice1 = await open(1)
    await alice1.approveAndWaitReady()
    const aliceKey = await alice1.inviteKey()
    expect(aliceKey).toMatch(/^[0-9a-f]{64}$/)
    const resolved = await fetch(`${app.keysUrl}/invite?account=${ALICE}`).then((r) => r.json())
    expect(resolved).toMatchObject({
      status: 'SUCCESS',
      value: { inviteKey: expect.stringMatching(/^did:key:z6LS/) },
    })

    // Alice's device 2 gets that key through sync: it never makes one of its own.
    const alice2 = await open(2)
    await alice2.approveAndWaitReady()
    const alice2ReadyAt = Date.now()
    expect(await alice2.inviteKey()).toBe(aliceKey)

    const bob = await open(1, 'bob')
    await bob.approveAndWaitReady()
    await bob.inviteKey()
    for (const device of [alice1, alice2, bob])
      expect(await device.device.getByTestId('device-panel').count()).toBe(1)
    await shot(alice1, 'chat-01-alice-1-ready')

    // Alice's device 1 invites Bob (his account is offered first).
    expect(await alice1.device.getByTestId('invitee-input').inputValue()).toBe(BOB)
    await alice1.device.getByTestId('invite-message-input').fill('Hi Bob, it is Alice')
    await alice1.device.getByTestId('send-invite').click()
    const sentOn = (device: DevicePage) =>
      device.device.locator('[data-testid="sent-invite"]', { hasText: 'Hi Bob, it is Alice' })
    for (const device of [alice1, alice2]) {
      await sentOn(device).waitFor({ timeout: 10_000 })
      expect(await sentOn(device).getAttribute('data-status')).toBe('pending')
    }
    await shot(alice2, 'chat-02-alice-2-sees-the-sent-invite')

    // Bob's device shows the invite; he accepts.
    const invite = bob.device.locator('[data-testid="received-invite"]', { hasText: 'Hi Bob, it is Alice' })
    await invite.waitFor({ timeout: 10_000 })
    await shot(bob, 'chat-03-bob-receives-the-invite')
    await invite.getByTestId('accept-invite').click()
    await bob.device
      .locator('[data-testid="received-invite"][data-status="approved"]')
      .waitFor({ timeout: 10_000 })

    // The thread appears on Alice's devices 1 and 2, and the sent invite is approved there.
    const threadOf = (device: DevicePage) => device.device.getByTestId('thread')
    await threadOf(bob).waitFor({ timeout: 10_000 })
    expect(await threadOf(bob).getByTestId('thread-peer').getAttribute('data-account')).toBe(ALICE)
    for (const device of [alice1, alice2]) {
      await threadOf(device).waitFor({ timeout: 10_000 })
      expect(await threadOf(device).getByTestId('thread-peer').getAttribute('data-account')).toBe(BOB)
      await device.device
        .locator('[data-testid="sent-invite"][data-status="approved"]')
        .waitFor({ timeout: 10_000 })
    }
    // One thread, the same topic on both sides (derived from the key agreement, never sent).
    const topics = await Promise.all([alice1, alice2, bob].map((d) => threadOf(d).getAttribute('data-key')))
    expect(new Set(topics).size).toBe(1)
    await shot(alice1, 'chat-04-alice-1-thread-opened')

    // sign-client drops subscriptions of its core that are not its own on each 5 s heartbeat: the
    // thread topic must outlive one.
    await sleepUntil(alice2ReadyAt + 6_000)

    // Bob writes "hello"; Alice's device 2, which took no part in the invite, shows it and replies.
    await threadOf(bob).getByTestId('message-input').fill('hello')
    await threadOf(bob).getByTestId('send-message').click()
    await waitForText(threadOf(alice2).getByTestId('chat-message-text'), 'hello')
    expect(await threadOf(alice2).getByTestId('chat-message').first().getAttribute('data-author')).toBe(
      'peer',
    )
    await threadOf(alice2).getByTestId('message-input').fill('Hi Bob, from my second device')
    await threadOf(alice2).getByTestId('send-message').click()
    await shot(alice2, 'chat-05-alice-2-reads-and-replies')

    // Bob sees the reply; Alice's device 1 sees both.
    await waitForText(threadOf(bob).getByTestId('chat-message-text'), 'Hi Bob, from my second device')
    await expect
      .poll(() => messageTexts(threadOf(alice1)), { timeout: 10_000 })
      .toEqual(['hello', 'Hi Bob, from my second device'])
    await shot(bob, 'chat-06-bob-sees-the-reply')

    // Alice adds device 3: after its two signatures (sync, then its chat identity) it shows the thread
    // and both messages.
    const alice3 = await open(3)
    await alice3.approveAndWaitReady()
    expect(
      await alice3.page
        .getByTestId('wallet-request')
        .evaluateAll((items) => items.map((i) => i.dataset.kind)),
    ).toEqual(['identity', 'sync'])
    await threadOf(alice3).waitFor({ timeout: 10_000 })
    await expect
      .poll(() => messageTexts(threadOf(alice3)), { timeout: 10_000 })
      .toEqual(['hello', 'Hi Bob, from my second device'])
    await shot(alice3, 'chat-07-alice-3-reads-the-history')

    // Bob invites Alice: the invite reaches her device 2, whose invite key came through sync.
    expect(await bob.device.getByTestId('invitee-input').inputValue()).toBe(ALICE)
    await bob.device.getByTestId('invite-message-input').fill('Another chat?')
    await bob.device.getByTestId('send-invite').click()
    const second = (device: DevicePage) =>
      device.device.locator('[data-testid="received-invite"]', { hasText: 'Another chat?' })
    await second(alice2).waitFor({ timeout: 10_000 })
    await shot(alice2, 'chat-08-alice-2-receives-bobs-invite')
    await second(alice2).getByTestId('reject-invite').click()
    await alice2.device
      .locator('[data-testid="received-invite"][data-status="rejected"]', { hasText: 'Another chat?' })
      .waitFor({ timeout: 10_000 })

    // Device 1 shows it rejected (receivedInviteStatuses), and so does Bob's sent invite.
    await alice1.device
      .locator('[data-testid="received-invite"][data-status="rejected"]', { hasText: 'Another chat?' })
      .waitFor({ timeout: 10_000 })
    await bob.device
      .locator('[data-testid="sent-invite"][data-status="rejected"]', { hasText: 'Another chat?' })
      .waitFor({ timeout: 10_000 })
    await shot(alice1, 'chat-09-alice-1-shows-the-rejection')
    await shot(bob, 'chat-10-bob-sees-the-rejection')
    // Still one thread everywhere.
    for (const device of [alice1, alice2, alice3, bob]) expect(await threadOf(device).count()).toBe(1)

    // The devtools of Alice's device 1: in sync, the relay connected, the last catch-up; each store's
    // entries with their last writer (its invite key made here, the rejection made on device 2), secrets masked.
    await alice1.device.getByTestId('chatsync-devtools-toggle').click()
    const devtools = alice1.device.getByTestId('chatsync-devtools-panel')
    await expect
      .poll(() => devtools.getByTestId('chatsync-devtools-relay').getAttribute('data-connected'), {
        timeout: 10_000,
      })
      .toBe('true')
    expect(await devtools.getByTestId('chatsync-devtools-status').textContent()).toBe('ready')
    expect(await devtools.getByTestId('chatsync-devtools-catch-up').textContent()).toMatch(
      /last: \d\d:\d\d:\d\d/,
    )
    await shot(alice1, 'devtools-01-alice-1-status')
    await devtools.getByTestId('chatsync-devtools-tab-stores').click()
    const entry = (store: string) =>
      devtools.locator(`[data-testid="chatsync-devtools-entry"][data-store="${store}"]`)
    await expect
      .poll(() => devtools.getByTestId('chatsync-devtools-entry').count(), { timeout: 5_000 })
      .toBe(4)
    expect(await entry('inviteKeys').getAttribute('data-writer')).toBe('local')
    expect(await entry('receivedInviteStatuses').getAttribute('data-writer')).toBe('remote')
    const values = (await devtools.getByTestId('chatsync-devtools-value').allTextContents()).map(
      (text) => JSON.parse(text) as Record<string, unknown>,
    )
    const secretFields = values.flatMap((value) =>
      Object.entries(value).filter(([field]) => /privKey|privateKey|symKey/i.test(field)),
    )
    // The sent invite (inviterPrivKeyY, symKey), the thread (symKey), the invite key (privateKey).
    expect(secretFields.map(([field]) => field).sort()).toEqual([
      'inviterPrivKeyY',
      'privateKey',
      'symKey',
      'symKey',
    ])
    for (const [, value] of secretFields) expect(value).toBe(MASKED)
    await entry('inviteKeys').getByTestId('chatsync-devtools-value').click()
    await shot(alice1, 'devtools-02-alice-1-stores')

    for (const device of [alice1, alice2, alice3, bob]) {
      expect(await device.device.getByTestId('background-problem').count()).toBe(0)
      expect(device.pageErrors).toEqual([])
      expect(device.offMachine).toEqual([])
    }
    scenario = { alice1, alice2, bob }
  }, 150_000)

  test('pair, enable sync (reject once), reload, catch up, and a malformed message on a store topic', async () => {
    const a = await open(11)
    const b = await open(12)

    // Both pair with their demo wallet; enabling sync asks each wallet for the signature.
    for (const device of [a, b]) {
      await device.pendingRequest.waitFor({ timeout: 20_000 })
      expect(await device.device.getByTestId('device-account').textContent()).toBe(ALICE)
      expect(await device.pendingRequest.textContent()).toContain(
        `I authorize this app to sync my account: ${ALICE}`,
      )
      await device.waitForStatus('signing')
    }
    await shot(a, 'sync-01-device-a-signing')

    // Device A rejects first, then tries again and approves.
    await a.pendingRequest.getByTestId('wallet-reject').click()
    await a.waitForStatus('rejected')
    await shot(a, 'sync-02-device-a-rejected')
    await a.device.getByTestId('enable-sync').click()
    await a.approveAndWaitReady()
    const aReadyAt = Date.now()
    await b.approveAndWaitReady()
    await shot(b, 'sync-03-device-b-ready')
    // Both hold the account's synced state: its invite key and the thread of the chat above.
    const key = await a.inviteKey()
    expect(await b.inviteKey()).toBe(key)
    await b.device.getByTestId('thread').waitFor({ timeout: 10_000 })

    // B reloads: its state and the conversation are back without a new signature.
    await b.page.reload()
    await b.waitForStatus('ready')
    expect(await b.inviteKey()).toBe(key)
    await expect
      .poll(() => messageTexts(b.device.getByTestId('thread')), { timeout: 10_000 })
      .toEqual(['hello', 'Hi Bob, from my second device'])
    expect(await b.page.getByTestId('wallet-request').count()).toBe(0)
    await shot(b, 'sync-04-device-b-reloaded')

    // After a sign-client heartbeat, a new key rotated on A reaches B.
    await sleepUntil(aReadyAt + 6_000)
    await a.device.getByTestId('rotate-invite-key').click()
    await expect
      .poll(() => b.device.getByTestId('invite-key-public').textContent(), { timeout: 5_000 })
      .not.toBe(key)
    expect(await b.inviteKey()).toBe(await a.inviteKey())

    // A message on the threads topic that no store key opens: every device drops it, shows the
    // provider's onError report, and keeps its state.
    await publishOnThreadsTopic(app.relayUrl!, Buffer.from('not an envelope').toString('base64'))
    for (const device of [a, b]) {
      const problem = device.device.getByTestId('background-problem')
      await problem.waitFor({ timeout: 5_000 })
      expect(await problem.getAttribute('data-name')).toBe('IncomingMessageError')
      expect(await problem.getByTestId('background-problem-text').textContent()).toContain('(undecryptable)')
      expect(await device.device.getByTestId('thread').count()).toBe(1)
      await device.waitForStatus('ready')
    }
    await shot(a, 'sync-05-device-a-dropped-message')
    await a.device.getByTestId('dismiss-problem').click()
    expect(await a.device.getByTestId('background-problem').count()).toBe(0)

    for (const device of [a, b]) {
      expect(device.pageErrors).toEqual([])
      expect(device.offMachine).toEqual([])
    }
  }, 120_000)

  test('the side-by-side page: Alice’s two devices, Bob’s, "Add a device", two demo wallets', async () => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1100 } })
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(app.appUrl)
    const pending = page.locator('[data-testid="wallet-request"][data-status="pending"]')
    const device = (key: string) => page.getByTestId(`device-${key}`)
    const statusOf = (key: string) => device(key).getByTestId('sync-status')
    const chatOf = (key: string) => device(key).getByTestId('chat-status')
    /** Approves every pending request (sync signatures, then identities) until `done`. */
    const approveUntil = (done: () => Promise<unknown>, expected: unknown, timeout = 40_000) =>
      expect
        .poll(
          async () => {
            for (const request of await pending.all())
              await request
                .getByTestId('wallet-approve')
                .click({ timeout: 2_000 })
                .catch(() => undefined)
            return done()
          },
          { timeout, interval: 300 },
        )
        .toEqual(expected)
    await expect.poll(() => page.getByTestId('demo-wallet-warning').count(), { timeout: 20_000 }).toBe(2)

    // Each wallet gets its own account's requests, one at a time: approve them until all three are in sync
    // and their chat is ready (each device's identity signature).
    const keys = ['alice-1', 'alice-2', 'bob-1']
    const shotOnFailure = (error: unknown) =>
      page.screenshot({ path: join(artifacts, 'side-by-side-failed.png'), fullPage: true }).then(() => {
        throw error
      })
    await approveUntil(
      () =>
        Promise.all(
          keys.flatMap((key) => [
            statusOf(key).getAttribute('data-status'),
            chatOf(key).getAttribute('data-status'),
          ]),
        ),
      Array(6).fill('ready'),
    ).catch(shotOnFailure)
    // The conversation of the first test, read from the relay by devices new to it.
    for (const key of ['alice-1', 'bob-1'])
      await waitForText(device(key).getByTestId('chat-message-text'), 'Hi Bob, from my second device')

    await page.getByTestId('add-device').click()
    await approveUntil(() => chatOf('alice-3').getAttribute('data-status'), 'ready').catch(shotOnFailure)
    await waitForText(device('alice-3').getByTestId('chat-message-text'), 'hello', 15_000)
    await page.screenshot({ path: join(artifacts, 'side-by-side.png'), fullPage: true })
    expect(pageErrors).toEqual([])
    await context.close()
  }, 120_000)

  test('two tabs of one device: a write in one shows in the other at once, and survives it', async () => {
    const tab1 = await open(21)
    const phone = await open(22)
    for (const device of [tab1, phone]) await device.approveAndWaitReady()
    // The same device in a second tab: same browser storage, so the same WalletConnect core and client id.
    const second = await openTab(tab1, app.appUrl)
    devices.push(second)
    const tab2 = second.device
    await second.waitForStatus('ready', 20_000)
    expect(await second.page.getByTestId('wallet-request').count()).toBe(0)
    const keyOn = (device: DevicePage) => device.device.getByTestId('invite-key-public').textContent()

    // The relay sends a client none of its own messages: tab 2 can only learn this from tab 1.
    const before = await tab1.inviteKey()
    await tab1.device.getByTestId('rotate-invite-key').click()
    await expect.poll(() => keyOn(tab1), { timeout: 5_000 }).not.toBe(before)
    const fromTab1 = await keyOn(tab1)
    await expect.poll(() => keyOn(second), { timeout: 5_000 }).toBe(fromTab1)
    await expect.poll(() => keyOn(phone), { timeout: 5_000 }).toBe(fromTab1)

    // Tab 1 closes. Tab 2 persists its state afterwards (a change from the phone), then reloads.
    await tab1.page.close({ runBeforeUnload: true })
    await phone.device.getByTestId('rotate-invite-key').click()
    await expect.poll(() => keyOn(phone), { timeout: 5_000 }).not.toBe(fromTab1)
    const fromPhone = await keyOn(phone)
    await expect.poll(() => keyOn(second), { timeout: 5_000 }).toBe(fromPhone)
    await second.page.reload()
    await second.waitForStatus('ready', 20_000)
    expect(await second.inviteKey()).toBe(fromPhone)
    await shot(second, 'tabs-01-second-tab-after-reload')

    // "Turn off" in one tab forgets the account on the device: another open tab goes idle, and after a
    // reload it asks for the signature again.
    const third = await openTab(second, app.appUrl)
    await third.waitForStatus('ready', 20_000)
    await tab2.getByTestId('disable-sync').click()
    await third.waitForStatus('idle', 20_000)
    await third.page.reload()
    await third.waitForStatus('signing', 20_000)
    await third.pendingRequest.waitFor()
  }, 90_000)

  test('what a user trips on: the list follows new messages, limits with a counter, blanks, a failed invite, a bare address', async () => {
    const { alice2, bob } = scenario!
    const threadOf = (device: DevicePage) => device.device.getByTestId('thread')
    const listOf = (device: DevicePage) => threadOf(device).getByTestId('messages')
    const isAtBottom = (device: DevicePage) =>
      listOf(device).evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight <= 24)
    const send = async (device: DevicePage, text: string) => {
      await threadOf(device).getByTestId('message-input').fill(text)
      await threadOf(device).getByTestId('send-message').click()
      await waitForText(threadOf(device).getByTestId('chat-message-text'), text)
    }

    // 5,000 pasted characters stay in the box: the counter says 5000/1000 and the package says why.
    const input = threadOf(alice2).getByTestId('message-input')
    await input.fill('x'.repeat(5000))
    expect(await threadOf(alice2).getByTestId('message-counter').textContent()).toBe('5000/1000')
    await threadOf(alice2).getByTestId('send-message').click()
    await expect
      .poll(() => threadOf(alice2).getByTestId('message-error').textContent())
      .toContain('The message is 5000 characters long; the limit is 1000.')
    expect(await input.inputValue()).toHaveLength(5000)
    // A blank message: a hint, nothing sent (editing cleared the last error first).
    await input.fill('   ')
    expect(await threadOf(alice2).getByTestId('message-error').count()).toBe(0)
    await threadOf(alice2).getByTestId('send-message').click()
    await expect
      .poll(() => threadOf(alice2).getByTestId('message-error').textContent())
      .toContain('The message is empty.')
    await input.fill('')
    await shot(alice2, 'trips-01-limits-and-blank')

    // A burst from Bob: both lists overflow and stay at the bottom (the sender's and the receiver's).
    for (let n = 1; n <= 12; n++) await send(bob, `line ${n}`)
    await waitForText(threadOf(alice2).getByTestId('chat-message-text'), 'line 12')
    for (const device of [bob, alice2]) {
      expect(await listOf(device).evaluate((list) => list.scrollHeight > list.clientHeight)).toBe(true)
      await expect.poll(() => isAtBottom(device)).toBe(true)
    }
    // Alice reads further up; Bob writes: a sign says so, and takes her down.
    await listOf(alice2).evaluate((list) => {
      list.scrollTop = 0
    })
    await send(bob, 'below the fold')
    const sign = threadOf(alice2).getByTestId('new-messages')
    await sign.waitFor({ timeout: 10_000 })
    expect(await sign.textContent()).toBe('1 new message ↓')
    expect(await isAtBottom(alice2)).toBe(false)
    await shot(alice2, 'trips-02-new-messages-sign')
    await sign.click()
    await expect.poll(() => isAtBottom(alice2)).toBe(true)
    expect(await sign.count()).toBe(0)

    // A failed invite keeps its message; editing the invitee clears the error; a bare address is eip155:1.
    await bob.device.getByTestId('invitee-input').fill('alice')
    await bob.device.getByTestId('invite-message-input').fill('Keep me')
    await bob.device.getByTestId('send-invite').click()
    const inviteError = bob.device.getByTestId('send-invite-error')
    await expect
      .poll(() => inviteError.textContent())
      .toContain('Expected a CAIP-10 account such as eip155:1:0xAbC…, or a bare 0x… address')
    expect(await bob.device.getByTestId('invite-message-input').inputValue()).toBe('Keep me')
    const bare = ALICE.split(':')[2]!
    await bob.device.getByTestId('invitee-input').fill(bare)
    expect(await inviteError.count()).toBe(0)
    await bob.device.getByTestId('send-invite').click()
    const kept = (device: DevicePage) =>
      device.device.locator('[data-testid="received-invite"]', { hasText: 'Keep me' })
    await kept(alice2).waitFor({ timeout: 10_000 })
    // Cleared once Bob's send settled, which Alice's device showing the invite can precede.
    await expect.poll(() => bob.device.getByTestId('invite-message-input').inputValue()).toBe('')
    await kept(alice2).getByTestId('reject-invite').click()
    await alice2.device
      .locator('[data-testid="received-invite"][data-status="rejected"]', { hasText: 'Keep me' })
      .waitFor({ timeout: 10_000 })
    for (const device of [alice2, bob]) expect(device.pageErrors).toEqual([])
  }, 120_000)

  test('a forged invite on Bob’s invite topic (a forged inviter, a CACAO by the wrong wallet): Bob never sees it', async () => {
    const { alice1, bob } = scenario!
    const cleanup = createCleanup()
    try {
      const relay = { url: app.relayUrl!, keysUrl: app.keysUrl! }
      const mallory = await createWallet()
      const forger = await createForger(cleanup, relay, mallory)
      const bobKey = await bob.inviteKey()
      const aliceIdentity = (await alice1.device.getByTestId('identity-key-public').textContent()) ?? ''
      expect(aliceIdentity).toMatch(/^did:key:z6Mk/)
      const invitesBefore = await bob.device.getByTestId('received-invite').allTextContents()

      // Alice's identity key named as the signer, Mallory's key signing.
      const forgedInviter = forger.invite({
        inviteePublicKey: bobKey,
        inviteeAccount: BOB,
        claims: { iss: aliceIdentity, sub: 'from Alice, honestly' },
      })
      // Published with the test kit (`publishRaw`), as any client of the relay can.
      await forger.publish(forgedInviter.topic, forgedInviter.envelope)
      const problem = bob.device.getByTestId('background-problem')
      await problem.waitFor({ timeout: 10_000 })
      expect(await problem.getAttribute('data-name')).toBe('ChatPayloadRejectedError')

      // An identity key with a CACAO that names Alice but is signed by Mallory's wallet: the directory
      // refuses to register it, and an invite it signs is dropped.
      const wrongSigner = await createForger(cleanup, relay, mallory, { register: false })
      const cacao = await makeCacao({
        account: ALICE,
        identityKey: wrongSigner.identityKey,
        signer: mallory.wallet,
      })
      const registered = await fetch(`${relay.keysUrl}/identity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cacao }),
      })
      expect(registered.status).toBeGreaterThanOrEqual(400)
      const wrongCacao = wrongSigner.invite({ inviteePublicKey: bobKey, inviteeAccount: BOB })
      await wrongSigner.publish(wrongCacao.topic, wrongCacao.envelope)
      await expect.poll(() => problem.textContent(), { timeout: 10_000 }).toContain('and 1 more')
      await shot(bob, 'forged-01-bob-drops-forged-invites')

      // Nothing of either shows, now or a moment later.
      await bob.page.waitForTimeout(500)
      expect(await bob.device.getByTestId('received-invite').allTextContents()).toEqual(invitesBefore)
      expect(await bob.device.getByText('from the forger').count()).toBe(0)
      expect(await bob.device.getByText('from Alice, honestly').count()).toBe(0)
      await bob.device.getByTestId('dismiss-problem').click()
    } finally {
      await cleanup.run()
    }
  }, 60_000)

  test('stored state first: after a reload the stored threads show within 300 ms, with the relay up and stopped', async () => {
    const { alice1 } = scenario!
    // One device in the browser, as a user's browser has it: the other devices' pages go (they keep
    // syncing, and would share the two cores of this machine with the page measured).
    for (const device of devices) if (device.context !== alice1.context) await device.context.close()
    // Installed before the page's own scripts: when the first thread, and its messages, are in the DOM,
    // in ms since navigation start.
    await alice1.page.addInitScript(() => {
      const shown: { thread?: number; messages?: number } = {}
      ;(window as unknown as { __storedShown: typeof shown }).__storedShown = shown
      const observer = new MutationObserver(() => {
        const thread = document.querySelector('[data-testid="thread"]')
        shown.thread ??= thread ? performance.now() : undefined
        if (thread?.querySelector('[data-testid="chat-message"]')) {
          shown.messages = performance.now()
          observer.disconnect()
        }
      })
      observer.observe(document, { childList: true, subtree: true })
    })
    const measure = async (label: string) => {
      await alice1.page.reload()
      await alice1.page.waitForFunction(
        () => (window as unknown as { __storedShown: { messages?: number } }).__storedShown.messages,
        null,
        { timeout: 15_000 },
      )
      const shown = await alice1.page.evaluate(() => {
        const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
        return {
          ...(window as unknown as { __storedShown: { thread: number; messages: number } }).__storedShown,
          // The page's scripts loaded, parsed and run up to their first await.
          interactive: navigation?.domInteractive ?? 0,
        }
      })
      printFigure(
        scenarioName,
        `${label}: scripts loaded and run (domInteractive, ms)`,
        Math.round(shown.interactive),
      )
      printFigure(
        scenarioName,
        `${label}: the first thread shown (ms after navigation start)`,
        Math.round(shown.thread),
      )
      printFigure(
        scenarioName,
        `${label}: its messages shown (ms after navigation start)`,
        Math.round(shown.messages),
      )
      return shown.messages
    }
    const scenarioName = 'stored state first (Chromium, production build)'
    // Three reloads: the best is what the page can do (a reload slowed by the machine, another test or
    // the collector does not decide), and none may wait for the relay. The median is printed.
    const threeReloads = async (label: string) => {
      const times: number[] = []
      for (const run of [1, 2, 3]) times.push(await measure(`${label} (${run} of 3)`))
      const [best, median, worst] = times.sort((a, b) => a - b) as [number, number, number]
      printFigure(
        scenarioName,
        `${label}: its messages shown, best / median of 3 (ms)`,
        `${Math.round(best)} / ${Math.round(median)}`,
      )
      return { best, worst }
    }
    // Once to warm the browser's cache of the bundle, as a returning user has it.
    await measure('relay up, first reload')
    const up = await threeReloads('relay up')
    await app.stopRelay()
    let down: { best: number; worst: number }
    try {
      down = await threeReloads('relay stopped')
      await alice1.device.locator('[data-testid="sync-status"][data-status="syncing"]').waitFor()
      expect(await alice1.device.getByTestId('thread').count()).toBe(1)
      await shot(alice1, 'stored-01-relay-stopped')
    } finally {
      await app.restartRelay()
    }
    await alice1.waitForStatus('ready', 30_000)
    expect(up.best).toBeLessThanOrEqual(300)
    expect(down.best).toBeLessThanOrEqual(300)
    // Far under the relay's first answer when it is stopped (its connection attempt gives up after 15 s).
    expect(up.worst).toBeLessThanOrEqual(1_500)
    expect(down.worst).toBeLessThanOrEqual(1_500)
  }, 90_000)
})
