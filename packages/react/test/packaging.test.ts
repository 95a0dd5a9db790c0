// @vitest-environment node
/**
 * The packages as an app installs them: `pnpm pack` tarballs of @chatsync/core, @chatsync/react and
 * @chatsync/chat (with its hooks' entry),
 * installed with npm into a fresh app outside the workspace (no workspace links, no path aliases), then
 * type-checked under `strict`, built with Vite, and loaded by Node with `require` and `import`.
 * Needs the packages built (`npm test` builds them first) and the npm registry (or npm's cache).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as coreSource from '@chatsync/core'
import * as internalSource from '@chatsync/core/internal'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as chatSource from '../../chat/src/index.js'
import * as chatReactSource from '../../chat/src/react/index.js'
import * as reactSource from '../src/index.js'
import { type ConsumerApp, createConsumerApp, packChatSync } from './consumerApp.js'
import { serveDir } from './serveDir.js'

// The published sync-protocol §2 vector (as in packages/core/scripts/checkPlatformBuilds.mjs).
const VECTOR_STORE_KEY = '02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4'

let dir: string
let app: ConsumerApp

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatsync-packaging-'))
  const tarballs = await packChatSync(join(dir, 'tarballs'))
  app = await createConsumerApp(join(dir, 'app'), { with: 'chatsync', tarballs })
}, 180_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('packaging: the packed packages in a fresh npm app', () => {
  test('default: a component using the provider and every hook type-checks under strict', async () => {
    // tsc exits non-zero on any error, including an unused `@ts-expect-error` (a type that came out `any`).
    const result = await app.typecheck()
    expect(result.stdout).toBe('')
  }, 120_000)

  test('behavior: the app written the wagmi way runs in Chromium (its own QueryClientProvider, a config, the hooks)', async () => {
    await app.build()
    const { url, close } = await serveDir(join(dir, 'app/dist/chatsync'))
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
      ],
    })
    try {
      const page = await browser.newPage()
      const pageErrors: string[] = []
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(`${url}/chatsync.html`)
      // No wallet answers (no session, no network): the flow ends in a typed error, rendered by the hooks.
      const status = page.locator('#chatsync-status')
      await expect
        .poll(() => status.textContent(), { timeout: 30_000 })
        .toMatch(/^error error (connecting|connected|offline)$/)
      expect(await page.textContent('body')).toContain(
        '0 threads, 0 invites, 0 keys, 0 statuses, 0 writing, 0 sending',
      )
      expect(pageErrors).toEqual([])
    } finally {
      await browser.close()
      await close()
    }
  }, 120_000)

  test('behavior: vite build bundles the browser build of both packages, the key derivation in a lazy chunk', async () => {
    const build = await app.build()
    const ids = build.packages.map((share) => share.id)
    expect(ids).toContain('@chatsync/core@0.1.0')
    expect(ids).toContain('@chatsync/react@0.1.0')
    const core = build.sources.filter((source) => source.includes('/node_modules/@chatsync/core/'))
    // Only the browser build (its entry and the chunks it shares with the internal entry).
    expect(core.length).toBeGreaterThan(0)
    for (const source of core) expect(source).toContain('/node_modules/@chatsync/core/dist/browser/')
    // BIP-39 and its wordlist load at the first registration on a device, not with the page.
    const bip39 = (group: { packages: { id: string }[] }) =>
      group.packages.some((share) => share.id.startsWith('@scure/bip39@'))
    expect(bip39(build.initial)).toBe(false)
    expect(bip39(build.lazy)).toBe(true)
    expect(build.initial.packages.map((share) => share.id)).toContain('@chatsync/core@0.1.0')
  }, 120_000)

  const expected = {
    core: Object.keys(coreSource).sort(),
    internal: Object.keys(internalSource).sort(),
    sharedErrors: true,
    react: Object.keys(reactSource).sort(),
    chat: Object.keys(chatSource).sort(),
    chatReact: Object.keys(chatReactSource).sort(),
    chatErrors: true,
    symKey: VECTOR_STORE_KEY,
    invalidThread: [
      'Invalid payload for store "com.walletconnect.chat.threads".',
      '',
      '- symKey: expected string, received number',
      'Version: @chatsync/core@0.1.0',
    ].join('\n'),
  }

  test.each(['require.cjs', 'import.mjs'] as const)(
    'behavior: Node loads both packages with %s: every export, the published key vector, validation',
    async (file) => {
      const { stdout } = await app.node(file)
      expect(JSON.parse(stdout)).toEqual(expected)
    },
    60_000,
  )
})
