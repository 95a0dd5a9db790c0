/**
 * Another device of the user, in its own process (forked by catchup.bench.ts), on a started
 * `@walletconnect/core` with fresh storage:
 * - `ours`: our engine's `register`, timed until its state equals the writer's; then once more in the
 *   same process with another fresh core (code already loaded and compiled: "warm"). With `connected`,
 *   `restore()` finds nothing and opens the relay connection before the clock starts, as in an app's
 *   enable flow while the wallet is asked to sign (or an app whose sign-client is online).
 * - `peer`: `@walletconnect/sync-client@0.3.8` (`register`, then `create` per store; the relay's mailbox
 *   pushes the history), timed the same way, or how far it got within the cap.
 * - `live`: ours, registered first; the state to wait for arrives in a second message.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// The package as it ships (dist/, built by `pnpm bench:catchup`).
import { CHAT_STORE_IDS, CHAT_STORES, createChatSync } from '@chatsync/core'
import { deriveStoreKeys } from '@chatsync/core/internal'
import { Core } from '@walletconnect/core'
import { SyncClient } from '@walletconnect/sync-client'

export type NewDeviceTask = {
  mode: 'ours' | 'peer' | 'live'
  /** ours: restore() (finding nothing) opens the relay connection before the clock starts, as in an app's enable flow. */
  connected?: boolean
  relayUrl: string
  account: string
  signature: string
  /** Store name → key → the value's JSON text, as the writer has it. */
  expected: Record<string, Record<string, string>>
  capMs: number
}

export type NewDeviceReport =
  | { type: 'registered' }
  | { type: 'progress'; matched: number; total: number; elapsedMs: number }
  | {
      type: 'done'
      ok: boolean
      ms: number
      matched: number
      total: number
      phases: string[]
      warm?: { ms: number; phases: string[] }
    }

type Snapshot = (storeName: string) => Record<string, string>

process.env.DISABLE_GLOBAL_CORE = 'true'
const send = (report: NewDeviceReport) => process.send?.(report)
const dirs: string[] = []

async function startCore(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `chatsync-bench-${name}-`))
  dirs.push(dir)
  const core = new Core({
    relayUrl: process.env.RELAY_URL,
    projectId: 'chatsync-bench',
    customStoragePrefix: `bench-${name}`,
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  await core.start()
  return core
}

function countMatches(expected: NewDeviceTask['expected'], actual: Snapshot) {
  let matched = 0
  let total = 0
  let extra = 0
  for (const [storeName, entries] of Object.entries(expected)) {
    const got = actual(storeName)
    for (const [key, value] of Object.entries(entries)) {
      total += 1
      if (got[key] === value) matched += 1
    }
    for (const key of Object.keys(got)) if (!(key in entries)) extra += 1
  }
  return { matched, total, equal: matched === total && extra === 0 }
}

/** Polls `snapshot` until it equals the expected state, or the cap. */
async function waitUntilEqual(task: NewDeviceTask, snapshot: Snapshot, started: number, interval: number) {
  const total = Object.values(task.expected).reduce((sum, entries) => sum + Object.keys(entries).length, 0)
  let lastProgress = 0
  for (;;) {
    const elapsed = performance.now() - started
    // Cheap size check first, so polling costs the device under test little.
    const size = Object.keys(task.expected).reduce((sum, name) => sum + Object.keys(snapshot(name)).length, 0)
    if (size === total && countMatches(task.expected, snapshot).equal) {
      return { ok: true, ms: elapsed, matched: total, total }
    }
    if (elapsed > task.capMs) {
      return { ok: false, ms: elapsed, matched: countMatches(task.expected, snapshot).matched, total }
    }
    if (elapsed - lastProgress > 5000) {
      lastProgress = elapsed
      send({
        type: 'progress',
        matched: countMatches(task.expected, snapshot).matched,
        total,
        elapsedMs: elapsed,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}

async function ours(task: NewDeviceTask, name: string, beforeWaiting?: () => Promise<void>) {
  const core = await startCore(name)
  const phases: string[] = []
  const client = createChatSync({
    core,
    logger: {
      debug: (message, context) => {
        const { ms, count } = (context ?? {}) as { ms?: number; count?: number }
        phases.push(
          `${message.replace(/\.$/, '').toLowerCase()}${count !== undefined ? ` (${count})` : ''}: ${ms} ms`,
        )
      },
    },
  })
  const byName = new Map(CHAT_STORE_IDS.map((id) => [CHAT_STORES[id].name, id]))
  const snapshot: Snapshot = (storeName) => {
    const id = byName.get(storeName)
    if (!id) return {}
    const entries = client.getSnapshot({ account: task.account }).stores[id].entries
    return Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, JSON.stringify(value)]))
  }
  let started = Number.NaN
  if (!task.connected) {
    core.relayer.once('relayer_connect', () =>
      phases.push(`relay connection open: at ${(performance.now() - started).toFixed(0)} ms`),
    )
  } else {
    // The enable flow of an app: restore() finds nothing, which opens the relay connection while the
    // wallet is asked to sign. The clock starts once the connection is open (a user takes longer to sign).
    if (await client.restore({ account: task.account }))
      throw new Error('a fresh core restored a registration')
    for (const until = performance.now() + 10_000; !core.relayer.connected; ) {
      if (performance.now() > until) throw new Error('the core did not connect')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  started = performance.now()
  await client.register({ account: task.account, signature: task.signature })
  if (beforeWaiting) {
    await beforeWaiting()
    started = performance.now()
  }
  const result = await waitUntilEqual(task, snapshot, started, 1)
  await client.destroy()
  await core.relayer.transportClose()
  core.heartbeat.stop()
  return { ...result, phases }
}

async function peer(task: NewDeviceTask) {
  // Silence the reference client's console logging of every message.
  console.log = () => {}
  const core = await startCore('peer')
  const client = await SyncClient.init({ core, projectId: 'chatsync-bench', logger: 'silent' } as never)
  const names = Object.keys(task.expected)
  const derived = await deriveStoreKeys({ signature: task.signature, stores: names })
  let latest: Record<string, Record<string, string>> = {}
  const started = performance.now()
  await client.register({ account: task.account, signature: task.signature })
  for (const storeName of names) await client.create({ account: task.account, store: storeName })
  const refresh = async () => {
    latest = await client.getStores({ account: task.account })
  }
  await refresh()
  setInterval(() => void refresh(), 10).unref()
  const result = await waitUntilEqual(
    task,
    (storeName) => latest[derived[storeName]?.topic ?? ''] ?? {},
    started,
    10,
  )
  return { ...result, phases: [] }
}

async function run(task: NewDeviceTask) {
  process.env.RELAY_URL = task.relayUrl
  if (task.mode === 'peer') {
    send({ type: 'done', ...(await peer(task)) })
  } else if (task.mode === 'live') {
    const result = await ours(task, 'live', async () => {
      send({ type: 'registered' })
      task.expected = await new Promise((resolve) =>
        process.once('message', (expected: NewDeviceTask['expected']) => resolve(expected)),
      )
    })
    send({ type: 'done', ...result })
  } else {
    const cold = await ours(task, 'ours-cold')
    const warm = cold.ok ? await ours(task, 'ours-warm') : undefined
    send({ type: 'done', ...cold, warm: warm && { ms: warm.ms, phases: warm.phases } })
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

process.once('message', (task: NewDeviceTask) => {
  run(task).catch((error) => {
    console.error(error)
    process.exit(1)
  })
})
