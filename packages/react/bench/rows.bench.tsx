/**
 * A list of 1,000 rows, each reading one thread: rows using `useThread({ topic })` against rows using a
 * plain zustand selector on the same state (`useStore(config.state, (s) => s.stores.threads.byKey[topic])`),
 * with the same DOM output, under `<ChatSyncProvider>` on the test kit's in-memory client (no relay, no
 * crypto: what is measured is the React layer). For each: the mount, updates of every row (a remote
 * batch changing all 1,000 threads), updates of one row, and the heap the mounted rows retain, also
 * beyond static rows of the same DOM (jsdom's nodes are JS objects, a browser's are not). Rounds rotate
 * the order; medians are printed, of the wall time and of the process's CPU time (which a shared
 * machine's load disturbs less), with the machine's load.
 *
 * Run: `pnpm bench:rows` (bundled as an app is, React's production build, `runBundled.ts`; jsdom only
 * provides `window`/`document`).
 */
import './setupDom.js'
import { loadavg } from 'node:os'
import { createChatSyncConfig, deleteStoreValue, type Thread } from '@chatsync/core'
import { account, createMemoryChatSyncClient, makeThread, otherAccount } from '@chatsync/test'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { useStore } from 'zustand'
import { ChatSyncProvider, useChatSyncConfig, useThread } from '../src/index.js'

if (process.env.NODE_ENV !== 'production') throw new Error("React's production build: `pnpm bench:rows`")
const ROWS = 1000
const ROUNDS = Number(process.env.ROUNDS ?? 7)
/** Updates of every row, and of one row, on each mount. */
const UPDATES = 10
/** Mounts of the rows in each round. */
const MOUNTS = 3
const peers = [otherAccount, 'eip155:1:0x0000000000000000000000000000000000000001']

const gc =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    throw new Error('run with `node --expose-gc`: `pnpm bench:rows`')
  })
/** The heap in use once everything unreachable is collected. */
function heapUsed() {
  for (let i = 0; i < 4; i++) gc()
  return process.memoryUsage().heapUsed
}

function HookRow({ topic }: { topic: string; peer: string }) {
  const { data, remove } = useThread({ topic })
  return (
    <li>
      <button type="button" onClick={() => remove.mutate()}>
        {data ? data.peerAccount : '…'}
      </button>
    </li>
  )
}

function PlainRow({ topic }: { topic: string; peer: string }) {
  const config = useChatSyncConfig()
  const thread = useStore(config.state, (s) => s.stores.threads.byKey[topic])
  return (
    <li>
      <button type="button" onClick={() => void deleteStoreValue(config, { store: 'threads', key: topic })}>
        {thread ? thread.peerAccount : '…'}
      </button>
    </li>
  )
}

/** The same DOM with no store behind it: what the rows cost beyond their DOM is measured against it. */
function StaticRow({ peer }: { topic: string; peer: string }) {
  return (
    <li>
      <button type="button" onClick={() => {}}>
        {peer}
      </button>
    </li>
  )
}

type Kind = 'useThread' | 'useStore' | 'static'
const KINDS: readonly Kind[] = ['useThread', 'useStore', 'static']
const rowOf = { useThread: HookRow, useStore: PlainRow, static: StaticRow } satisfies Record<Kind, unknown>

function List({ kind, threads }: { kind: Kind; threads: readonly Thread[] }) {
  const Row = rowOf[kind]
  return (
    <ul>
      {threads.map((thread) => (
        <Row key={thread.topic} topic={thread.topic} peer={thread.peerAccount} />
      ))}
    </ul>
  )
}

type Metric = 'mount' | 'updateAll' | 'updateOne'
type Samples = Record<Metric, { wall: number[]; cpu: number[] }> & { heap: number[] }
const samplesOf = (): Samples => ({
  mount: { wall: [], cpu: [] },
  updateAll: { wall: [], cpu: [] },
  updateOne: { wall: [], cpu: [] },
  heap: [],
})

/** Runs `work` and adds its wall and CPU time (ms) to `samples`. */
function timed(samples: { wall: number[]; cpu: number[] } | undefined, work: () => void) {
  const cpu = process.cpuUsage()
  const started = performance.now()
  work()
  const wall = performance.now() - started
  const { user, system } = process.cpuUsage(cpu)
  samples?.wall.push(wall)
  samples?.cpu.push((user + system) / 1000)
}

/** Every row shows the peer `expected` holds for it. */
function expectShown(container: HTMLElement, expected: readonly string[]) {
  // Not querySelectorAll: jsdom's selector engine keeps the last node queried, the tree then outlives its unmount.
  const items = container.firstElementChild?.children ?? []
  if (items.length !== ROWS) throw new Error(`${items.length} rows shown, expected ${ROWS}`)
  const wrong = [...items].filter((item, i) => item.textContent !== expected[i]).length
  if (wrong > 0) throw new Error(`${wrong} rows do not show their thread's peer`)
}

/** Mounts the rows of `kind` and updates them; `samples` undefined: a warm-up. */
async function measure(kind: Kind, samples: Samples | undefined) {
  const threads: Thread[] = Array.from({ length: ROWS }, (_, i) => makeThread(i + 1))
  threads.sort((a, b) => (a.topic < b.topic ? -1 : 1))
  const shown = threads.map((thread) => thread.peerAccount)
  const client = createMemoryChatSyncClient({ registered: [account], initial: { threads } })
  const config = createChatSyncConfig({ client, account })
  const queryClient = new QueryClient()
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  const tree = (rows: boolean) => (
    <QueryClientProvider client={queryClient}>
      <ChatSyncProvider config={config}>
        {rows ? <List kind={kind} threads={threads} /> : null}
      </ChatSyncProvider>
    </QueryClientProvider>
  )
  flushSync(() => root.render(tree(false)))
  const started = Date.now()
  while (
    config.state.getState().stores.threads.data.length < ROWS ||
    config.state.getState().status !== 'ready'
  ) {
    if (Date.now() - started > 10_000) throw new Error('the account did not become ready')
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  await new Promise((resolve) => setTimeout(resolve, 20))

  const before = heapUsed()
  // A sync render: committed, with its effects (the rows' subscriptions), when flushSync returns.
  timed(samples?.mount, () => flushSync(() => root.render(tree(true))))
  expectShown(container, shown)
  samples?.heap.push(heapUsed() - before)

  /** Applies `changed` as one remote batch and times it reaching the rows. */
  const update = (metric: Metric, changed: readonly number[], peer: string) => {
    client.pushRemote(
      account,
      'threads',
      changed.map((i) => ({ ...(threads[i] as Thread), peerAccount: peer })),
    )
    for (const i of changed) shown[i] = peer
    // The batch reaches the state now, not at the end of its burst window; the rows render in it.
    timed(samples?.[metric], () => flushSync(() => config._internal.flushViews()))
    expectShown(container, shown)
  }
  if (kind !== 'static') {
    for (let n = 0; n < UPDATES; n++) {
      update(
        'updateAll',
        threads.map((_, i) => i),
        peers[(n + 1) % 2] as string,
      )
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    for (let n = 0; n < UPDATES; n++) {
      const i = Math.floor(((n + 0.5) * ROWS) / UPDATES)
      update('updateOne', [i], shown[i] === peers[0] ? (peers[1] as string) : (peers[0] as string))
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  // More mounts, on the same provider: the rows go, the heap is collected, the rows mount again.
  for (let n = 1; n < MOUNTS; n++) {
    flushSync(() => root.render(tree(false)))
    heapUsed()
    timed(samples?.mount, () => flushSync(() => root.render(tree(true))))
    expectShown(container, shown)
  }
  root.unmount()
  container.remove()
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')

console.log(
  `${ROWS} rows; ${ROUNDS} rounds (order rotating) after a warm-up round, each ${MOUNTS} mounts, ${UPDATES} updates of every row and ${UPDATES} of one row`,
)
console.log(`Machine load at the start (1/5/15 min): ${load()}`)
const results = { useThread: samplesOf(), useStore: samplesOf(), static: samplesOf() }
for (let round = 0; round <= ROUNDS; round++) {
  const order = KINDS.map((_, i) => KINDS[(i + round) % KINDS.length] as Kind)
  for (const kind of order) await measure(kind, round > 0 ? results[kind] : undefined)
}
const hooks = results.useThread
const plain = results.useStore
const ms = (value: number) => `${value.toFixed(1)} ms`
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
console.log('Medians: useThread rows vs plain useStore rows (ratio; target ≤ 1.5x)')
for (const [label, metric] of [
  ['mount', 'mount'],
  ['update of every row', 'updateAll'],
  ['update of one row', 'updateOne'],
] as const) {
  const line = (clock: 'wall' | 'cpu') => {
    const [a, b] = [median(hooks[metric][clock]), median(plain[metric][clock])]
    return `${ms(a)} vs ${ms(b)} (${ratio(a, b)})`
  }
  console.log(`  ${label}: wall ${line('wall')}; CPU ${line('cpu')}`)
}
const staticMount = results.static.mount
console.log(
  `    (static rows, the same DOM with no store: mount wall ${ms(median(staticMount.wall))}, CPU ${ms(median(staticMount.cpu))})`,
)
const [heapHooks, heapPlain, heapStatic] = [
  median(hooks.heap),
  median(plain.heap),
  median(results.static.heap),
]
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB (${Math.round(bytes / ROWS)} B/row)`
console.log(
  `  heap retained by the mounted rows: ${kb(heapHooks)} vs ${kb(heapPlain)} (${ratio(heapHooks, heapPlain)})`,
)
console.log(
  `    beyond static rows with the same DOM (${kb(heapStatic)}: jsdom's nodes are JS objects, a browser's are not): ${kb(heapHooks - heapStatic)} vs ${kb(heapPlain - heapStatic)} (${ratio(heapHooks - heapStatic, heapPlain - heapStatic)})`,
)
console.log(`Machine load at the end (1/5/15 min): ${load()}`)
process.exit(0)
