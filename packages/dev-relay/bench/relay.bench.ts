import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Core } from '@walletconnect/core'
import type { ICore } from '@walletconnect/types'
import { generateRandomBytes32 } from '@walletconnect/utils'
import { createRawClient, type RawClient } from '../test/createRawClient.js'

/**
 * Loopback load on the dev relay, which runs in a child process (with a dataDir, as in development).
 *
 * 1. Raw WebSocket clients with valid relay-auth JWTs (no @walletconnect/core: 50 cores in one process
 *    measure the clients' own CPU, not the relay): RAW_CLIENTS clients in a ring, each publishing
 *    RAW_MESSAGES messages on its own topic at a steady pace, read (and acked) by the next client.
 * 2. Real `@walletconnect/core` clients (encrypted messages, `relayer_message` events), fewer and slower.
 * 3. A fresh `@walletconnect/core` client fetches the whole history with paged `irn_batchFetchMessages`.
 *
 * Bounded in count and time (DEADLINE_MS); loopback only.
 */
const RAW_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50)
const RAW_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200)
const RAW_INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 50)
const CORE_CLIENTS = Number(process.env.BENCH_CORE_CLIENTS ?? 10)
const CORE_MESSAGES = Number(process.env.BENCH_CORE_MESSAGES ?? 50)
const CORE_INTERVAL_MS = Number(process.env.BENCH_CORE_INTERVAL_MS ?? 100)
const MESSAGE_BYTES = 300
const DEADLINE_MS = 120_000

const storage = mkdtempSync(join(tmpdir(), 'dev-relay-bench-'))
const child = fork(fileURLToPath(new URL('./relayProcess.ts', import.meta.url)), [join(storage, 'relay')], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
const raws: RawClient[] = []
const cores: ICore[] = []
const deadline = setTimeout(() => {
  console.error(`bench: deadline of ${DEADLINE_MS} ms reached, stopping`)
  void finish(1)
}, DEADLINE_MS)

const relayUrl = await new Promise<string>((resolve, reject) => {
  child.once('message', (m) => resolve((m as { url: string }).url))
  child.once('exit', (code) => reject(new Error(`relay process exited with ${code}`)))
})

const percentiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
  return `p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms`
}
type RelayStats = { cpuMs: number; loopDelayP99Ms: number; loopDelayMaxMs: number }
/** CPU time the relay process has used so far, and its event-loop delay since the last call. */
const relayStats = () =>
  new Promise<RelayStats>((resolve) => {
    const onMessage = (m: unknown) => {
      const stats = (
        m as { stats?: { cpu: NodeJS.CpuUsage; loopDelayP99Ms: number; loopDelayMaxMs: number } }
      ).stats
      if (!stats) return
      child.off('message', onMessage)
      resolve({ cpuMs: (stats.cpu.user + stats.cpu.system) / 1000, ...stats })
    }
    child.on('message', onMessage)
    child.send('stats')
  })
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const randomTopic = () => Buffer.from(generateRandomBytes32(), 'hex').toString('hex')

/** Runs `count` publishes per client, one per `intervalMs`, client starts spread over one interval. */
const paced = (
  clients: number,
  count: number,
  intervalMs: number,
  publish: (from: number, n: number) => Promise<void>,
) =>
  Promise.all(
    Array.from({ length: clients }, async (_, from) => {
      await sleep((intervalMs * from) / clients)
      const start = performance.now()
      for (let n = 0; n < count; n++) {
        await publish(from, n)
        await sleep(Math.max(0, start + (n + 1) * intervalMs - performance.now()))
      }
    }),
  )

let ok = true

// 1. Raw WebSocket clients.
const topics = Array.from({ length: RAW_CLIENTS }, randomTopic)
{
  for (let i = 0; i < RAW_CLIENTS; i++) raws.push(await createRawClient({ relayUrl }))
  const latencies: number[] = []
  const seen = new Set<string>()
  let duplicates = 0
  const expected = RAW_CLIENTS * RAW_MESSAGES
  for (let i = 0; i < RAW_CLIENTS; i++) {
    const reader = raws[(i + 1) % RAW_CLIENTS]!
    reader.ws.on('message', (data) => {
      const arrived = performance.now()
      const text = data.toString()
      if (!text.includes('"irn_subscription"')) return
      const push = JSON.parse(text) as { params: { data: { message: string } } }
      const body = JSON.parse(push.params.data.message) as { from: number; n: number; t: number }
      const key = `${body.from}:${body.n}`
      if (seen.has(key)) duplicates++
      else {
        seen.add(key)
        latencies.push(arrived - body.t)
      }
    })
    await reader.request('irn_subscribe', { topic: topics[i] })
  }
  const padding = 'x'.repeat(MESSAGE_BYTES)
  const before = await relayStats()
  const start = performance.now()
  await paced(RAW_CLIENTS, RAW_MESSAGES, RAW_INTERVAL_MS, async (from, n) => {
    const message = JSON.stringify({ from, n, t: performance.now(), padding })
    const answer = await raws[from]!.request('irn_publish', {
      topic: topics[from],
      message,
      ttl: 3600,
      tag: 5000,
    })
    if (answer.json.result !== true) throw new Error('publish refused')
  })
  const publishMs = performance.now() - start
  for (let waited = 0; seen.size < expected && waited < 5000; waited += 20) await sleep(20)
  const totalMs = performance.now() - start
  const after = await relayStats()
  const relayCpu = after.cpuMs - before.cpuMs

  // Burst: every client publishes its next batch at once, no pacing, to see the relay's ceiling.
  const burstSeenBefore = seen.size
  const burstStart = performance.now()
  await Promise.all(
    raws.map((raw, from) =>
      raw.request('irn_batchPublish', {
        messages: Array.from({ length: 100 }, (_, k) => ({
          topic: topics[from],
          message: JSON.stringify({ from, n: RAW_MESSAGES + k, t: performance.now(), padding }),
          ttl: 3600,
          tag: 5000,
        })),
      }),
    ),
  )
  const burstExpected = RAW_CLIENTS * 100
  for (let waited = 0; seen.size - burstSeenBefore < burstExpected && waited < 10_000; waited += 5)
    await sleep(5)
  const burstMs = performance.now() - burstStart
  const pacedLatencies = latencies.slice(0, Math.min(latencies.length, expected))
  console.log(
    `1. ${RAW_CLIENTS} raw WebSocket clients (valid relay-auth JWTs) x ${RAW_MESSAGES} messages of ~${MESSAGE_BYTES} B, one per ${RAW_INTERVAL_MS} ms per client`,
  )
  console.log(
    `   delivered: ${Math.min(burstSeenBefore, expected)}/${expected} (${((100 * Math.min(burstSeenBefore, expected)) / expected).toFixed(1)} %), duplicates: ${duplicates}`,
  )
  console.log(`   publish -> push latency: ${percentiles(pacedLatencies)}`)
  console.log(
    `   relay event-loop delay meanwhile: p99 ${after.loopDelayP99Ms.toFixed(1)} ms, max ${after.loopDelayMaxMs.toFixed(1)} ms (includes waiting for a CPU)`,
  )
  console.log(
    `   rate: ${((1000 * expected) / totalMs).toFixed(0)} messages/s (paced; publishing took ${publishMs.toFixed(0)} ms; relay process CPU ${((100 * relayCpu) / totalMs).toFixed(0)} % of one core)`,
  )
  console.log(
    `   burst: ${seen.size - burstSeenBefore}/${burstExpected} delivered in ${burstMs.toFixed(0)} ms = ${((1000 * (seen.size - burstSeenBefore)) / burstMs).toFixed(0)} messages/s (batchPublish of 100 per client, all at once)`,
  )
  ok &&= burstSeenBefore === expected && seen.size - burstSeenBefore === burstExpected && duplicates === 0
  await Promise.all(raws.splice(0).map((r) => r.close()))
}

// 2. Real @walletconnect/core clients.
const coreTopics: string[] = []
{
  for (let i = 0; i < CORE_CLIENTS; i++) {
    const core = new Core({
      projectId: 'bench',
      relayUrl,
      customStoragePrefix: `bench-${i}-${Date.now()}`,
      logger: 'silent',
      storageOptions: { database: join(storage, `core-${i}`) },
    })
    await core.start()
    cores.push(core)
  }
  for (let i = 0; i < CORE_CLIENTS; i++) {
    const symKey = generateRandomBytes32()
    coreTopics.push(await cores[i]!.crypto.setSymKey(symKey))
    await cores[(i + 1) % CORE_CLIENTS]!.crypto.setSymKey(symKey)
  }
  const latencies: number[] = []
  const seen = new Set<string>()
  let duplicates = 0
  const expected = CORE_CLIENTS * CORE_MESSAGES
  for (let i = 0; i < CORE_CLIENTS; i++) {
    const reader = cores[(i + 1) % CORE_CLIENTS]!
    const topic = coreTopics[i]!
    reader.relayer.on('relayer_message', async (event: { topic: string; message: string }) => {
      const arrived = performance.now()
      if (event.topic !== topic) return
      const payload = (await reader.crypto.decode(event.topic, event.message)) as {
        params: { from: number; n: number; t: number }
      }
      const key = `${payload.params.from}:${payload.params.n}`
      if (seen.has(key)) duplicates++
      else {
        seen.add(key)
        latencies.push(arrived - payload.params.t)
      }
    })
    await reader.relayer.subscribe(topic)
  }
  const start = performance.now()
  await paced(CORE_CLIENTS, CORE_MESSAGES, CORE_INTERVAL_MS, async (from, n) => {
    const core = cores[from]!
    const payload = {
      id: Date.now(),
      jsonrpc: '2.0',
      method: 'bench',
      params: { from, n, t: performance.now() },
    }
    await core.relayer.publish(coreTopics[from]!, await core.crypto.encode(coreTopics[from]!, payload), {
      ttl: 3600,
      tag: 5000,
    })
  })
  for (let waited = 0; seen.size < expected && waited < 5000; waited += 20) await sleep(20)
  const totalMs = performance.now() - start
  console.log(
    `2. ${CORE_CLIENTS} @walletconnect/core clients x ${CORE_MESSAGES} encrypted messages, one per ${CORE_INTERVAL_MS} ms per client (clients share this process)`,
  )
  console.log(
    `   delivered: ${seen.size}/${expected} (${((100 * seen.size) / expected).toFixed(1)} %), duplicates: ${duplicates}`,
  )
  console.log(`   publish() -> relayer_message latency: ${percentiles(latencies)}`)
  console.log(`   rate: ${((1000 * seen.size) / totalMs).toFixed(0)} messages/s`)
  ok &&= seen.size === expected && duplicates === 0
}

// 3. History fetch by a new @walletconnect/core client: everything published above is undelivered for it.
{
  const fetcher = new Core({
    projectId: 'bench',
    relayUrl,
    customStoragePrefix: `bench-fetcher-${Date.now()}`,
    logger: 'silent',
    storageOptions: { database: join(storage, 'fetcher') },
  })
  await fetcher.start()
  cores.push(fetcher)
  const expected = CORE_CLIENTS * CORE_MESSAGES + RAW_CLIENTS * (RAW_MESSAGES + 100)
  let fetched = 0
  let pages = 0
  let largest = 0
  const start = performance.now()
  for (;;) {
    const page = (await fetcher.relayer.request({
      method: 'irn_batchFetchMessages',
      params: { topics: [...topics, ...coreTopics] },
    })) as unknown as { messages: unknown[]; hasMore: boolean }
    pages++
    fetched += page.messages.length
    largest = Math.max(largest, JSON.stringify(page).length)
    if (!page.hasMore) break
  }
  const ms = performance.now() - start
  console.log(
    `3. history fetch by a new @walletconnect/core client: ${fetched}/${expected} messages in ${pages} pages, ${ms.toFixed(0)} ms (${((1000 * fetched) / ms).toFixed(0)} messages/s), largest page ${(largest / 1024).toFixed(0)} KB`,
  )
  ok &&= fetched === expected
}

console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')} (2-core machine shared with other work: latency tails follow it)`,
)
await finish(ok ? 0 : 1)

async function finish(code: number) {
  clearTimeout(deadline)
  await Promise.all(raws.map((r) => r.close()))
  for (const core of cores) {
    await core.relayer.transportClose().catch(() => {})
    core.heartbeat.stop()
  }
  child.send('stop')
  await new Promise((resolve) => child.once('exit', resolve))
  rmSync(storage, { recursive: true, force: true })
  process.exit(code)
}
