// @vitest-environment node
/**
 * What an app's bundle holds of the devtools, built as an app builds (the `vite` CLI, `NODE_ENV` set,
 * the package resolved through its package.json `exports` to the built `dist/`): the default entry in a
 * production build holds none of the panel; in development the panel is a chunk of its own, loaded when
 * rendered; the `/production` entry always holds it. Needs the package built (`npm test` builds it first).
 */
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** In the panel's code only (its root's class name), never in the default entry's. */
const MARKER = 'chatsync-devtools-panel'

/** The newest change to a source file under `path`. */
function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))))
}

function assertBuilt() {
  for (const file of ['dist/index.js', 'dist/production.js']) {
    const built = join(packageDir, file)
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`)
    if (newestMtime(join(packageDir, 'src')) > statSync(built).mtimeMs)
      throw new Error(`${packageDir}/dist is older than its src: run \`pnpm build\` first`)
  }
}

const main = (entry: string) => `import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { ChatSyncDevtools } from '${entry}'

createRoot(document.getElementById('root')).render(createElement(ChatSyncDevtools, { initialIsOpen: true }))
`

// React and chatsync's other packages stay out of the bundle: what is measured is the devtools' part.
const viteConfig = `export default {
  logLevel: 'error',
  build: {
    outDir: \`dist/\${process.env.ENTRY}-\${process.env.NODE_ENV}\`,
    emptyOutDir: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: \`\${process.env.ENTRY}.html\`,
      external: [/^react(-dom)?(\\/|$)/, /^@chatsync\\/(core|react)(\\/|$)/],
    },
  },
}
`

type Chunk = { file: string; bytes: number; gzip: number; hasPanel: boolean; isEntry: boolean }

let dir: string

/** `vite build` of the app importing `entry`, with `NODE_ENV` as given: each JavaScript chunk. */
function build(entry: 'default' | 'production', nodeEnv: 'production' | 'development'): Promise<Chunk[]> {
  const vite = join(packageDir, 'node_modules/.bin/vite')
  return new Promise((resolvePromise, reject) => {
    const child = spawn(vite, ['build'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: nodeEnv, ENTRY: entry },
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`vite build exited with ${code}:\n${output}`))
      const assets = join(dir, 'dist', `${entry}-${nodeEnv}`, 'assets')
      const html = readFileSync(join(dir, 'dist', `${entry}-${nodeEnv}`, `${entry}.html`), 'utf8')
      resolvePromise(
        readdirSync(assets)
          .filter((file) => file.endsWith('.js'))
          .map((file) => {
            const text = readFileSync(join(assets, file), 'utf8')
            return {
              file,
              bytes: Buffer.byteLength(text),
              gzip: gzipSync(text, { level: 9 }).byteLength,
              hasPanel: text.includes(MARKER),
              isEntry: html.includes(`/assets/${file}`),
            }
          }),
      )
    })
  })
}

const figure = (what: string, chunks: Chunk[]) =>
  console.log(
    `[figure] devtools in an app's bundle | ${what} | ${chunks
      .map(
        (chunk) =>
          `${chunk.isEntry ? 'entry' : 'lazy chunk'} ${chunk.bytes} B min, ${chunk.gzip} B gzip${chunk.hasPanel ? ' (panel)' : ''}`,
      )
      .join(', ')}`,
  )

beforeAll(async () => {
  assertBuilt()
  dir = mkdtempSync(join(tmpdir(), 'chatsync-devtools-app-'))
  mkdirSync(join(dir, 'src'))
  mkdirSync(join(dir, 'node_modules/@chatsync'), { recursive: true })
  // As installed: the package directory, resolved through its `exports`.
  symlinkSync(packageDir, join(dir, 'node_modules/@chatsync/react-devtools'), 'dir')
  await writeFile(
    join(dir, 'package.json'),
    '{ "name": "devtools-app", "private": true, "type": "module" }\n',
  )
  await writeFile(join(dir, 'vite.config.js'), viteConfig)
  for (const [entry, specifier] of [
    ['default', '@chatsync/react-devtools'],
    ['production', '@chatsync/react-devtools/production'],
  ] as const) {
    await writeFile(join(dir, 'src', `${entry}.js`), main(specifier))
    await writeFile(
      join(dir, `${entry}.html`),
      `<!doctype html>\n<html><body><div id="root"></div><script type="module" src="/src/${entry}.js"></script></body></html>\n`,
    )
  }
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the devtools in an app built with Vite', () => {
  test('default entry, NODE_ENV=production: none of the panel, not even a chunk to load', async () => {
    const chunks = await build('default', 'production')
    figure('default entry, production', chunks)
    expect(chunks).toHaveLength(1)
    expect(chunks[0]).toMatchObject({ isEntry: true, hasPanel: false })
    expect(chunks[0]!.bytes).toBeLessThan(1_000)
  }, 60_000)

  test('default entry, NODE_ENV=development: the panel is a chunk of its own, loaded when it renders', async () => {
    const chunks = await build('default', 'development')
    figure('default entry, development', chunks)
    expect(chunks.filter((chunk) => chunk.isEntry)).toEqual([expect.objectContaining({ hasPanel: false })])
    expect(chunks.filter((chunk) => !chunk.isEntry && chunk.hasPanel)).toHaveLength(1)
  }, 60_000)

  test('the /production entry, NODE_ENV=production: the panel is in the bundle', async () => {
    const chunks = await build('production', 'production')
    figure('/production entry, production', chunks)
    expect(chunks.some((chunk) => chunk.hasPanel)).toBe(true)
  }, 60_000)
})
