import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** The system Chromium the e2e tests drive; test tools may not download their own browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launches headless Chromium; fails with a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The end-to-end tests need it: install it with ` +
        '`apt-get install -y chromium` (as .ci/run does) or point CHROMIUM_PATH at a Chromium binary.',
    )
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
