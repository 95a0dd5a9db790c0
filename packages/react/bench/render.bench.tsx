/**
 * Renders of a `useThreads` consumer while 1,000 remote changes arrive through the real engine (a second
 * device's engine publishes them through the dev relay), and the min+gzip size of chatsync's own code
 * beside `@walletconnect/sync-client@0.3.8` measured the same way.
 *
 * Run: `pnpm bench:render` (plain Node + tsx; jsdom only provides `window`/`document` for React).
 */
import './setupDom.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createChatSync, type Thread } from '@chatsync/core'
import { startDevRelay } from '@chatsync/dev-relay'
import { Core } from '@walletconnect/core'
import { createRoot } from 'react-dom/client'
import { privateKeyToAccount } from 'viem/accounts'
import { ChatSyncProvider, useChatSync, useInviteKeys, useThreads } from '../src/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const CHANGES = 1000

const renders = { threads: 0, inviteKeys: 0 }
let status = 'idle'
let threadCount = 0

function Threads() {
  renders.threads++
  threadCount = useThreads().data?.length ?? 0
  return <p>{threadCount}</p>
}

function InviteKeys() {
  renders.inviteKeys++
  return <p>{useInviteKeys().data?.length ?? 0}</p>
}

function Status() {
  status = useChatSync().status
  return null
}

async function measureRenders() {
  const relay = await startDevRelay({ port: 0 })
  const dirs: string[] = []
  const startCore = async (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `chatsync-bench-${name}-`))
    dirs.push(dir)
    const core = new Core({
      relayUrl: relay.url,
      projectId: 'chatsync-bench',
      customStoragePrefix: `chatsync-bench-${name}-${process.pid}`,
      storageOptions: { database: join(dir, 'db') },
      logger: 'silent',
    })
    await core.start()
    return core
  }
  const reader = await startCore('reader')
  const writerCore = await startCore('writer')
  const wallet = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
  const account = `eip155:1:${wallet.address}`
  const signMessage = (message: string) => wallet.signMessage({ message })

  const makeThread = (i: number): Thread => ({
    topic: i.toString(16).padStart(64, '0'),
    selfAccount: account,
    peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
    symKey: (i + 1).toString(16).padStart(64, 'f'),
  })
  const until = async (predicate: () => boolean, what: string, timeoutMs = 120_000) => {
    const started = Date.now()
    while (!predicate()) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  const writer = createChatSync({ core: writerCore })
  await writer.register({ account, signature: await signMessage(writer.getMessage({ account })) })
  const write = async (from: number) => {
    const writes: Promise<void>[] = []
    for (let i = from; i < from + CHANGES; i++) {
      writes.push(
        writer.set({ account, store: 'threads', value: makeThread(i) }).then((result) => result.delivered),
      )
    }
    await Promise.all(writes)
  }

  // Scenario 1, catch-up: the other device wrote 1,000 threads; this device enables sync and fetches them.
  await write(0)
  const client = createChatSync({ core: reader })
  const root = createRoot(document.getElementById('root') as HTMLElement)
  let started = performance.now()
  root.render(
    <ChatSyncProvider client={client} account={account} signMessage={signMessage}>
      <Status />
      <Threads />
      <InviteKeys />
    </ChatSyncProvider>,
  )
  await until(() => status === 'ready' && threadCount === CHANGES, `${CHANGES} threads on the reader`)
  const catchUp = {
    elapsed: performance.now() - started,
    // The first render of each consumer is the mount, not a change.
    threads: renders.threads - 1,
    inviteKeys: renders.inviteKeys - 1,
  }

  // Scenario 2, live: this device is online while the other publishes 1,000 more, one message each.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const before = { ...renders }
  started = performance.now()
  await write(CHANGES)
  const published = performance.now() - started
  await until(() => threadCount === 2 * CHANGES, `${2 * CHANGES} threads on the reader`)
  const live = {
    published,
    elapsed: performance.now() - started,
    threads: renders.threads - before.threads,
    inviteKeys: renders.inviteKeys - before.inviteKeys,
  }
  await new Promise((resolve) => setTimeout(resolve, 300))

  root.unmount()
  await client.destroy()
  await writer.destroy()
  for (const core of [reader, writerCore]) {
    await core.relayer.transportClose().catch(() => {})
    core.heartbeat.stop()
  }
  await relay.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  return { catchUp, live }
}

/** The part of esbuild's API used here (esbuild comes with tsup; its types are not a dependency). */
type EsbuildPluginBuild = {
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string }) => { path: string; external: boolean } | undefined,
  ): void
}
type Esbuild = {
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { contents: Uint8Array }[]
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }
  }>
}

/** The part of chatsync a source file belongs to, for the size breakdown. */
function areaOf(file: string) {
  if (/errors/.test(file)) return 'error classes'
  if (!file.includes('core/src/')) return '@chatsync/react'
  if (file.includes('/engine/')) return 'engine'
  if (file.includes('/session/')) return 'session (enable flow, store views)'
  if (/\/(keys|crypto)\//.test(file)) return 'keys and crypto'
  return 'protocol (stores, wire, last-writer-wins)'
}

async function measureSizes() {
  const require = createRequire(createRequire(import.meta.url).resolve('tsup'))
  const esbuild = require('esbuild') as Esbuild
  const bundle = async (options: {
    stdin?: { contents: string; resolveDir: string; loader: 'ts' }
    entryPoints?: string[]
  }) => {
    const result = await esbuild.build({
      ...options,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // A production build, as apps ship it: development-only branches fall away.
      define: { 'process.env.NODE_ENV': '"production"' },
      // Own code only: every npm package stays outside (peers, @walletconnect/*, zod, noble, scure, zustand, …).
      plugins: [
        {
          name: 'external-packages',
          setup(build: EsbuildPluginBuild) {
            // `#platform-primitives` is our own module: it resolves (the default condition: the portable
            // primitives a browser gets) and counts.
            build.onResolve({ filter: /^[^./#]/ }, (args: { path: string }) =>
              args.path.startsWith('@chatsync/') ? undefined : { path: args.path, external: true },
            )
          },
        },
      ],
      alias: {
        '@chatsync/core': join(here, '../../core/src/index.ts'),
        '@chatsync/react': join(here, '../src/index.ts'),
      },
    })
    const code = result.outputFiles[0]?.contents ?? new Uint8Array()
    const areas = new Map<string, number>()
    for (const output of Object.values(result.metafile.outputs)) {
      for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
        areas.set(areaOf(file), (areas.get(areaOf(file)) ?? 0) + bytesInOutput)
      }
    }
    return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, areas }
  }
  const chatsync = await bundle({
    stdin: {
      contents: "export * from '@chatsync/core'\nexport * from '@chatsync/react'\n",
      resolveDir: here,
      loader: 'ts',
    },
  })
  const coreOnly = await bundle({ entryPoints: [join(here, '../../core/src/index.ts')] })
  const reactOnly = await bundle({
    stdin: { contents: "export * from './../src/index.ts'\n", resolveDir: here, loader: 'ts' },
  })
  const syncClientEntry = createRequire(join(here, '../../core/package.json')).resolve(
    '@walletconnect/sync-client',
  )
  const syncClient = await bundle({
    entryPoints: [syncClientEntry.replace(/index\.cjs\.js$/, 'index.es.js')],
  })
  return { chatsync, coreOnly, reactOnly, syncClient }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const { catchUp, live } = await measureRenders()
console.log(`Renders while ${CHANGES} remote thread changes arrive through the engine and the dev relay:`)
for (const [name, result] of [
  ['catch-up (device enables sync after the writes)', catchUp],
  ['live (device online, the other publishes)', live],
] as const) {
  const publishing =
    'published' in result ? ` (the writer's publishes settled after ${result.published.toFixed(0)} ms)` : ''
  console.log(`  ${name}: all shown after ${result.elapsed.toFixed(0)} ms${publishing}`)
  console.log(
    `    useThreads consumer: ${result.threads} (target ≤ 3); useInviteKeys consumer: ${result.inviteKeys} (target 0)`,
  )
}
const sizes = await measureSizes()
console.log('Own code, minified + gzip (npm packages external; production build, NODE_ENV=production):')
console.log(
  `  @chatsync/core + @chatsync/react: ${kb(sizes.chatsync.gzip)} (min ${kb(sizes.chatsync.min)}) (what an app adds, dependencies included: pnpm bench:size)`,
)
console.log(
  `    @chatsync/core alone: ${kb(sizes.coreOnly.gzip)}; @chatsync/react with the core it uses: ${kb(sizes.reactOnly.gzip)}`,
)
const areas = [...sizes.chatsync.areas].sort((a, b) => b[1] - a[1])
const ownBytes = areas.reduce((sum, [, bytes]) => sum + bytes, 0)
console.log(
  `    by area (share of the minified bytes): ${areas.map(([area, bytes]) => `${area} ${((100 * bytes) / ownBytes).toFixed(0)}%`).join(', ')}`,
)
console.log(
  `  @walletconnect/sync-client@0.3.8: ${kb(sizes.syncClient.gzip)} (min ${kb(sizes.syncClient.min)})`,
)
process.exit(0)
