import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'

/** The system Chromium the e2e tests drive; test tools may not download their own browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

function assertChromium() {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The end-to-end tests need it: install it with ` +
        '`apt-get install -y chromium` (as .ci/run does) or point CHROMIUM_PATH at a Chromium binary.',
    )
}

/** Launches headless Chromium; fails with a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  assertChromium()
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}

/** A Chromium process on a profile directory of its own, driven over the DevTools protocol. */
export type ChromiumProcess = {
  browser: Browser
  /** The profile's own context: its IndexedDB and localStorage live in the profile directory. */
  context: BrowserContext
  pid: number
  /**
   * SIGKILLs the browser and every process it started (its process group): no page gets `pagehide` or
   * `unload`, nothing is flushed on the way out. Resolves once the browser process is gone.
   */
  kill(): Promise<void>
  /** Closes the browser normally. */
  close(): Promise<void>
}

/**
 * Starts headless Chromium on `userDataDir` (a persistent profile: start it again on the same directory
 * to reopen the browser) as a process of its own, so that it can be killed like a crashing browser.
 * `tmpDir` is its TMPDIR: a killed browser leaves its socket directory there rather than in /tmp.
 */
export async function startChromiumProcess({
  userDataDir,
  tmpDir,
}: {
  userDataDir: string
  tmpDir: string
}): Promise<ChromiumProcess> {
  assertChromium()
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_ARGS,
      '--headless',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    // Its own process group, so that a kill reaches the renderers and helpers too.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmpDir } },
  )
  const pid = child.pid
  if (pid === undefined) throw new Error(`Could not start ${CHROMIUM_PATH}`)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Chromium printed no DevTools endpoint in 30 s')), 30_000)
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`Chromium exited before it listened (${signal ?? code})`))
    })
  })
  child.stderr!.resume()
  const browser = await chromium.connectOverCDP(endpoint)
  const context = browser.contexts()[0]
  if (!context) throw new Error('Chromium started without a default context')
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  return {
    browser,
    context,
    pid,
    async kill() {
      killGroup()
      await exited
      await browser.close().catch(() => undefined)
    },
    async close() {
      await browser.close().catch(() => undefined)
      child.kill('SIGTERM')
      const timer = setTimeout(killGroup, 5_000)
      await exited
      clearTimeout(timer)
      // Helpers that outlive the browser process.
      killGroup()
    },
  }
}
