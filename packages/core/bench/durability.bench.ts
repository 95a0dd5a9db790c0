/**
 * What durability costs, on the built package and the development relay (in a process of its own):
 *
 * 1. One keep-alive round at N = 1,000 and 10,000 entries: a device restarts with every entry's relay
 *    copy due for a refresh; timed from `restore()` until the relay accepted every refresh, with the
 *    number of messages published and their bytes.
 * 2. A rebuild from the relay at N = 1,000 and 10,000 changes: a device stopped without storing what it
 *    was handed (a kill) restarts under the same client id; timed from `restore()` until it is ready
 *    with the writer's state, read under a fresh client identity. Beside it, a new device's catch-up of
 *    the same history (the mailbox path) for comparison.
 *
 * 3. Storage after a history: 10,000 rewrites of 100 threads on a writer, read by a second device; then
 *    everything each keeps on disk (the WalletConnect core's own files included: its Node storage is a
 *    file per key), stopped cleanly, beside a new device that registered with the same state, and the
 *    largest value any of them asked its storage to keep.
 *
 * `@walletconnect/sync-client@0.3.8` has neither 1 nor 2: its entries expire with the relay's ttl, and a restarted
 * client never gets again what the relay counted as delivered to it, so there is no ratio to print.
 *
 * Run: `pnpm bench:durability` (builds the package, then about a minute). `SIZES` (default `1000,10000`)
 * sets the sizes of 1 and 2, `REWRITES` (default 10000) the history of 3.
 */
import { fork } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ChatSyncClient, createChatSync } from '@chatsync/core'
import { createSurvivingStorage, createWallet } from '@chatsync/test'
import { Core } from '@walletconnect/core'
import { hex } from './benchHex.js'

process.env.DISABLE_GLOBAL_CORE = 'true'
const log = console.log
const SIZES = (process.env.SIZES ?? '1000,10000').split(',').map(Number)

const relayProcess = fork(fileURLToPath(new URL('./relayProcess.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
const relay = await new Promise<{ url: string }>((resolve) => relayProcess.once('message', resolve as never))
const dirs: string[] = []
const cores: InstanceType<typeof Core>[] = []

/** A core; `at` reuses a directory and prefix (the same client id, as after a restart). */
async function startCore(at?: { dir: string; prefix: string }) {
  const dir = at?.dir ?? mkdtempSync(join(tmpdir(), 'chatsync-durability-'))
  const prefix = at?.prefix ?? `durability-${Math.random().toString(36).slice(2)}`
  if (!at) dirs.push(dir)
  const core = new Core({
    relayUrl: relay.url,
    projectId: 'chatsync-bench',
    customStoragePrefix: prefix,
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  await core.start()
  cores.push(core)
  return { core, at: { dir, prefix } }
}

async function stopCore(core: InstanceType<typeof Core>) {
  await core.relayer.transportClose().catch(() => {})
  core.heartbeat.stop()
}

const thread = (n: number, version = 0) => ({
  topic: hex(n, 'thread'),
  selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  peerAccount: `eip155:1:0x${hex(n + version, 'peer').slice(0, 40)}`,
  symKey: hex(n + version, 'sym'),
})

/** Counts what a core publishes: messages and their bytes. */
function countPublishes(core: InstanceType<typeof Core>) {
  const counted = { messages: 0, bytes: 0 }
  const request = core.relayer.request.bind(core.relayer)
  core.relayer.request = ((args: { method: string; params?: unknown }) => {
    if (args.method === 'irn_publish' || args.method === 'irn_batchPublish') {
      const params = args.params as { messages?: unknown[] }
      counted.messages += args.method === 'irn_publish' ? 1 : (params.messages?.length ?? 0)
      counted.bytes += JSON.stringify(args.params).length
    }
    return request(args as never)
  }) as typeof core.relayer.request
  return counted
}

const keysOf = (client: ChatSyncClient, account: string) =>
  Object.keys(client.getSnapshot({ account }).stores.threads.entries).length

async function until(predicate: () => boolean, what: string, capMs = 120_000) {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > capMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`

log(
  `chatsync durability benchmark (relay ${relay.url}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} CPUs)\n`,
)

// ---------- 1. one keep-alive round ----------

log('1. One keep-alive round: every entry due, from restore() until the relay accepted every refresh')
const rounds: string[] = []
for (const n of SIZES) {
  const wallet = await createWallet()
  const kept = createSurvivingStorage()
  const first = await startCore()
  const writer = createChatSync({ core: first.core, storage: kept.storage })
  await writer.register(wallet)
  const writes: Promise<void>[] = []
  for (let i = 0; i < n; i++) {
    writes.push((await writer.set({ account: wallet.account, store: 'threads', value: thread(i) })).delivered)
  }
  await Promise.all(writes)
  await writer.destroy()
  await stopCore(first.core)
  // Restarted with a ttl under which every copy written above is due: refreshed after 4 s plus a jitter of
  // up to 2 s (ttl 8 s). A refreshed entry is not due again for 4 s: one round is what gets published until
  // every entry's copy is newer than the restart.
  await new Promise((resolve) => setTimeout(resolve, 6200))
  const again = await startCore(first.at)
  const counted = countPublishes(again.core)
  const device = createChatSync({
    core: again.core,
    storage: kept.storage,
    retention: { ttlSeconds: 8, refreshAfterSeconds: 4 },
  })
  const started = performance.now()
  const restartedAt = Date.now()
  await device.restore({ account: wallet.account })
  await until(() => {
    const threads = device.inspect({ account: wallet.account })?.stores.threads ?? []
    return threads.length === n && threads.every((entry) => (entry.copyAt ?? 0) >= restartedAt)
  }, 'every refresh')
  const ms = performance.now() - started
  const line = `N=${n}: one round ${fmt(ms)} (restore, catch-up and publishing included); ${counted.messages} messages published (${(counted.messages / n).toFixed(2)} per entry), ${kib(counted.bytes)} (${(counted.bytes / n).toFixed(0)} bytes per entry)`
  log(`  ${line}`)
  rounds.push(line)
  await device.destroy()
  await stopCore(again.core)
}

// ---------- 2. rebuild from the relay ----------

log(
  '\n2. Rebuild from the relay after a kill: restore() until ready with the whole state, under a fresh identity',
)
const rebuilds: string[] = []
for (const n of SIZES) {
  const wallet = await createWallet()
  const writerCore = await startCore()
  const writer = createChatSync({ core: writerCore.core })
  await writer.register(wallet)
  const writes: Promise<void>[] = []
  // N changes over N/2 threads: each written twice.
  for (let i = 0; i < n; i++) {
    const value = thread(i % Math.ceil(n / 2), Math.floor(i / Math.ceil(n / 2)))
    writes.push((await writer.set({ account: wallet.account, store: 'threads', value })).delivered)
  }
  await Promise.all(writes)
  const expected = keysOf(writer, wallet.account)

  // For comparison: a new device catching up through its (complete) mailbox.
  const fresh = await startCore()
  const newcomer = createChatSync({ core: fresh.core })
  let started = performance.now()
  await newcomer.register(wallet)
  await until(() => keysOf(newcomer, wallet.account) === expected, 'the new device')
  const catchUpMs = performance.now() - started
  await newcomer.destroy()
  await stopCore(fresh.core)

  // A reader that was handed everything but stored nothing of it, then killed.
  const kept = createSurvivingStorage()
  const readerCore = await startCore()
  const reader = createChatSync({ core: readerCore.core, storage: kept.storage })
  await reader.register(wallet)
  kept.freeze()
  await stopCore(readerCore.core)
  kept.thaw()
  const restarted = await startCore(readerCore.at)
  let rebuilt = -1
  const device = createChatSync({
    core: restarted.core,
    storage: kept.storage,
    logger: {
      debug: (message, context) => {
        if (message === 'Rebuilt from the relay.') rebuilt = context?.count as number
      },
    },
  })
  started = performance.now()
  await device.restore({ account: wallet.account })
  await until(
    () =>
      device.getSnapshot({ account: wallet.account }).status === 'ready' &&
      keysOf(device, wallet.account) === expected,
    'the rebuilt device',
  )
  const ms = performance.now() - started
  const line = `N=${n}: rebuild ${fmt(ms)} (${rebuilt} messages read under a fresh identity, ${expected} entries); a new device's catch-up of the same history ${fmt(catchUpMs)} (${(ms / catchUpMs).toFixed(2)}×)`
  log(`  ${line}`)
  rebuilds.push(line)
  await Promise.all([device.destroy(), writer.destroy()])
  await Promise.all([stopCore(restarted.core), stopCore(writerCore.core)])
}

// ---------- 3. storage after a history ----------

const REWRITES = Number(process.env.REWRITES ?? 10_000)
log(
  `\n3. Storage after ${REWRITES.toLocaleString('en')} rewrites of 100 threads: all each device keeps, stopped cleanly`,
)

/** Bytes of every file under `dir`. */
function directoryBytes(dir: string): number {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    bytes += entry.isDirectory() ? directoryBytes(path) : statSync(path).size
  }
  return bytes
}

/** The largest value (UTF-8 of its JSON text) a core's storage is asked to keep. */
function watchLargest(core: InstanceType<typeof Core>) {
  const watched = { largest: 0 }
  const setItem = core.storage.setItem.bind(core.storage)
  core.storage.setItem = async (key: string, value: unknown) => {
    watched.largest = Math.max(watched.largest, Buffer.byteLength(JSON.stringify(value) ?? ''))
    return setItem(key, value)
  }
  return watched
}

const storageLines: string[] = []
{
  const wallet = await createWallet()
  const threadsOf = (client: ChatSyncClient) =>
    JSON.stringify(client.getSnapshot({ account: wallet.account }).stores.threads)
  const writerCore = await startCore()
  const readerCore = await startCore()
  const watched = [watchLargest(writerCore.core), watchLargest(readerCore.core)]
  const writer = createChatSync({ core: writerCore.core })
  const reader = createChatSync({ core: readerCore.core })
  await writer.register(wallet)
  await reader.register(wallet)
  const started = performance.now()
  const writes: Promise<void>[] = []
  for (let i = 0; i < REWRITES; i++) {
    writes.push(
      (
        await writer.set({
          account: wallet.account,
          store: 'threads',
          value: thread(i % 100, 1 + Math.floor(i / 100)),
        })
      ).delivered,
    )
  }
  await Promise.all(writes)
  const expected = threadsOf(writer)
  await until(() => threadsOf(reader) === expected, 'the reader')
  const writtenMs = performance.now() - started
  await Promise.all([writer.destroy(), reader.destroy()])
  await Promise.all([stopCore(writerCore.core), stopCore(readerCore.core)])

  const freshCore = await startCore()
  watched.push(watchLargest(freshCore.core))
  const fresh = createChatSync({ core: freshCore.core })
  await fresh.register(wallet)
  await until(
    () => fresh.getSnapshot({ account: wallet.account }).status === 'ready' && threadsOf(fresh) === expected,
    'the new device',
  )
  await fresh.destroy()
  await stopCore(freshCore.core)

  const [writerBytes, readerBytes, freshBytes] = [writerCore, readerCore, freshCore].map((c) =>
    directoryBytes(c.at.dir),
  )
  const ratio = (bytes: number) => (bytes / (freshBytes as number)).toFixed(2)
  const line = `${REWRITES} rewrites of 100 threads (${fmt(writtenMs)}): writer ${kib(writerBytes as number)} (${ratio(writerBytes as number)}×), reader ${kib(readerBytes as number)} (${ratio(readerBytes as number)}×), a new device ${kib(freshBytes as number)}; largest stored value ${kib(Math.max(...watched.map((w) => w.largest)))}`
  log(`  ${line}`)
  storageLines.push(line)
}

log('\nSummary')
for (const line of [...rounds, ...rebuilds, ...storageLines]) log(`  ${line}`)

await Promise.all(cores.map(stopCore))
relayProcess.send('stop')
for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
process.exit(0)
