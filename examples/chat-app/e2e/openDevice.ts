import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'

export type DevicePage = {
  /** Whose device: `alice` or `bob`. */
  owner: string
  id: number
  context: BrowserContext
  page: Page
  /** Uncaught errors the page threw. */
  pageErrors: string[]
  /** Requests and sockets to anywhere but the app and the dev relay (Verify, telemetry, …): none expected. */
  offMachine: string[]
  device: Locator
  status: Locator
  wallet: Locator
  pendingRequest: Locator
  /** Waits until the device's sync status is `status`. */
  waitForStatus(status: string, timeout?: number): Promise<void>
  /** Waits until the device's chat status is `status`. */
  waitForChat(status: string, timeout?: number): Promise<void>
  /**
   * Approves the wallet's pending requests (the sync signature, then this device's chat identity) until
   * the device is in sync and its chat ready.
   */
  approveAndWaitReady(timeout?: number): Promise<void>
  /** The public key of the account's invite key, once the device shows one. */
  inviteKey(timeout?: number): Promise<string>
  /** Screenshot of the whole page into `dir`/`name`.png. */
  shot(dir: string, name: string): Promise<void>
}

/**
 * Opens `?account=<owner>&device=<id>` in a fresh browser context: its own IndexedDB and localStorage, as
 * a separate browser on another machine would have, with the owner's demo wallet beside it.
 */
export async function openDevice(
  browser: Browser,
  appUrl: string,
  id: number,
  owner = 'alice',
): Promise<DevicePage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
  return openPage(context, appUrl, id, owner)
}

/**
 * Opens `?account=<owner>&device=<id>` in a page of `context`, e.g. the context of a persistent browser
 * profile, so that the device is the same after the browser starts again on that profile.
 */
export function openDeviceInContext(
  context: BrowserContext,
  appUrl: string,
  id: number,
  owner = 'alice',
): Promise<DevicePage> {
  return openPage(context, appUrl, id, owner)
}

/**
 * The same device in another tab: a new page of `device`'s browser context, so the same storage (and the
 * same WalletConnect core storage and relay client id).
 */
export function openTab(device: DevicePage, appUrl: string): Promise<DevicePage> {
  return openPage(device.context, appUrl, device.id, device.owner)
}

async function openPage(
  context: BrowserContext,
  appUrl: string,
  id: number,
  owner: string,
): Promise<DevicePage> {
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const offMachine: string[] = []
  const isLocal = (url: string) =>
    /^(https?|wss?):\/\/127\.0\.0\.1(:|\/)/.test(url) || url.startsWith('data:')
  page.on('request', (request) => {
    if (!isLocal(request.url())) offMachine.push(request.url())
  })
  page.on('websocket', (socket) => {
    if (!isLocal(socket.url())) offMachine.push(socket.url())
  })
  await page.goto(new URL(`/?account=${owner}&device=${id}`, appUrl).href)
  const device = page.getByTestId(`device-${owner}-${id}`)
  const status = device.getByTestId('sync-status')
  const pendingRequest = page.locator('[data-testid="wallet-request"][data-status="pending"]')
  const waitForStatus = async (expected: string, timeout = 15_000) => {
    await device.locator(`[data-testid="sync-status"][data-status="${expected}"]`).waitFor({ timeout })
  }
  const waitForChat = async (expected: string, timeout = 15_000) => {
    // An empty status (nothing to say when ready) is not displayed: attached is enough.
    await device
      .locator(`[data-testid="chat-status"][data-status="${expected}"]`)
      .waitFor({ timeout, state: 'attached' })
  }
  const isReady = async () =>
    (await device.locator('[data-testid="sync-status"][data-status="ready"]').count()) > 0 &&
    (await device.locator('[data-testid="chat-status"][data-status="ready"]').count()) > 0
  return {
    owner,
    id,
    context,
    page,
    pageErrors,
    offMachine,
    device,
    status,
    wallet: page.getByTestId('wallet-panel'),
    pendingRequest,
    waitForStatus,
    waitForChat,
    async approveAndWaitReady(timeout = 20_000) {
      await pendingRequest.first().waitFor({ timeout })
      const until = Date.now() + timeout
      while (!(await isReady())) {
        if (Date.now() > until) throw new Error(`device ${owner}-${id} not ready after ${timeout} ms`)
        if ((await pendingRequest.count()) > 0)
          await pendingRequest
            .first()
            .getByTestId('wallet-approve')
            .click({ timeout: 2_000 })
            .catch(() => undefined)
        else await page.waitForTimeout(50)
      }
    },
    async inviteKey(timeout = 10_000) {
      const key = device.getByTestId('invite-key-public')
      await key.waitFor({ timeout })
      return (await key.textContent()) ?? ''
    },
    async shot(dir, name) {
      await page.screenshot({ path: `${dir.replace(/\/$/, '')}/${name}.png`, fullPage: true })
    },
  }
}
