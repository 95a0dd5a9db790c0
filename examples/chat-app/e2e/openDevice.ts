import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'

export type DevicePage = {
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
}

/**
 * Opens `?device=<id>` in a fresh browser context: its own IndexedDB and localStorage, as a separate
 * browser on another machine would have, with the page's demo wallet beside it.
 */
export async function openDevice(browser: Browser, appUrl: string, id: number): Promise<DevicePage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
  return openPage(context, appUrl, id)
}

/**
 * The same device in another tab: a new page of `device`'s browser context, so the same storage (and the
 * same WalletConnect core storage and relay client id).
 */
export function openTab(device: DevicePage, appUrl: string, id: number): Promise<DevicePage> {
  return openPage(device.context, appUrl, id)
}

async function openPage(context: BrowserContext, appUrl: string, id: number): Promise<DevicePage> {
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
  await page.goto(new URL(`/?device=${id}`, appUrl).href)
  const device = page.getByTestId(`device-${id}`)
  const status = device.getByTestId('sync-status')
  return {
    context,
    page,
    pageErrors,
    offMachine,
    device,
    status,
    wallet: page.getByTestId('wallet-panel'),
    pendingRequest: page.locator('[data-testid="wallet-request"][data-status="pending"]'),
    async waitForStatus(expected, timeout = 15_000) {
      await device.locator(`[data-testid="sync-status"][data-status="${expected}"]`).waitFor({ timeout })
    },
  }
}
