/**
 * The Expo example as a developer builds it, with chatsync as an app installs it: the example copied out
 * of the repository, `pnpm pack` tarballs of the built @chatsync/core and @chatsync/react in its vendor/,
 * `npm install` (Expo 57, React Native 0.86), then `tsc` and `expo export --platform android` (Metro,
 * then Hermes bytecode) with package exports on (React Native ≥ 0.79) and off (before). Metro must pick
 * chatsync's React Native build both times, for `@chatsync/core` and `@chatsync/core/internal` alike.
 * Needs the packages built (`npm test` builds them first) and the npm registry (or npm's cache).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { npmEnv, packChatSync, run } from '@chatsync/test/pack'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const example = join(import.meta.dirname, '..')
let dir: string
let app: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatsync-expo-'))
  app = join(dir, 'app')
  cpSync(example, app, {
    recursive: true,
    filter: (source) =>
      !/^(node_modules|vendor|test|\.expo|dist|vitest\.config)/.test(relative(example, source)),
  })
  const tarballs = await packChatSync(join(dir, 'tarballs'))
  cpSync(tarballs.core, join(app, 'vendor/chatsync-core.tgz'))
  cpSync(tarballs.react, join(app, 'vendor/chatsync-react.tgz'))
  // The example imports only @chatsync/core and @chatsync/react; the internal entry must resolve too.
  writeFileSync(join(app, 'internalEntry.ts'), "export { deriveStoreKeys } from '@chatsync/core/internal'\n")
  writeFileSync(
    join(app, 'index.ts'),
    `${readFileSync(join(app, 'index.ts'), 'utf8')}import './internalEntry'\n`,
  )
  await run(
    'npm',
    ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    {
      cwd: app,
      env: npmEnv(),
    },
  )
}, 600_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 120_000)

/** The module paths Metro put in the bundle, from its source map, as paths inside the app. */
function bundledSources(outputDir: string): string[] {
  const bundles = join(app, outputDir, '_expo/static/js/android')
  const maps = readdirSync(bundles).filter((file) => file.endsWith('.map'))
  expect(maps).toHaveLength(1)
  const map = JSON.parse(readFileSync(join(bundles, maps[0] as string), 'utf8')) as { sources: string[] }
  return map.sources
}

describe('the Expo example with the packed packages', () => {
  test('default: it type-checks against them under strict', async () => {
    const result = await run(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], { cwd: app })
    expect(result.stdout).toBe('')
  }, 180_000)

  test.each(['on', 'off'])(
    'behavior: expo export --platform android with package exports %s bundles chatsync’s React Native build',
    async (exports) => {
      const outputDir = `dist-${exports}`
      await run(
        join(app, 'node_modules/.bin/expo'),
        ['export', '--platform', 'android', '--source-maps', '--output-dir', outputDir],
        {
          cwd: app,
          env: { ...process.env, CI: '1', EXPO_NO_TELEMETRY: '1', CHATSYNC_PACKAGE_EXPORTS: exports },
        },
      )
      const bundles = readdirSync(join(app, outputDir, '_expo/static/js/android'))
      expect(bundles.some((file) => file.endsWith('.hbc'))).toBe(true)
      const chatsync = bundledSources(outputDir).filter((source) => source.includes('/@chatsync/'))
      const core = chatsync.filter((source) => source.includes('/@chatsync/core/dist/'))
      // The React Native build only: both entries, the chunks they share, and the part loaded on first use
      // (the key derivation, the registration, the rebuild's relay connection…); no Node or browser build.
      expect(core.every((source) => source.includes('/@chatsync/core/dist/react-native/'))).toBe(true)
      const files = core.map((source) => source.replace(/^.*\/dist\/react-native\//, ''))
      expect(files).toEqual(expect.arrayContaining(['index.js', 'internal.js']))
      for (const file of files) expect(file).toMatch(/^(index|internal|chunk-\w+|onFirstUse-\w+)\.js$/)
      expect(chatsync.some((source) => /\/@chatsync\/react\/dist\/index\.c?js$/.test(source))).toBe(true)
      expect(existsSync(join(app, outputDir, 'metadata.json'))).toBe(true)
    },
    300_000,
  )
})
