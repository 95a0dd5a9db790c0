/**
 * The engine's costs on Hermes 0.12 (hermes-engine-cli, the last Hermes runtime on npm: an old
 * interpreter, slower than the Hermes of a current React Native), beside Node running the same bundle
 * (`hermesBenchMain.ts`, bundled as for React Native). Measured: the first key derivation in a fresh
 * process (four chat stores; the secp256k1 tables are made then), later ones in pure JS and with a
 * native PBKDF2 stand-in, decoding 1,000 envelopes, applying 10,000 changes (last writer wins alone and
 * through the account reducer).
 *
 * Each figure is given twice: the CPU time of the operation (the process's CPU time, from
 * /proc/self/stat's children times, minus that of the same process doing one operation fewer, per
 * operation), which other load on the machine barely changes, and its wall time inside the process
 * (best and median). Median over `PROCESSES` processes (default 3). Linux. Run: `pnpm bench:hermes`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildHermesBundle,
  type RunResult,
  readReport,
  runOnHermes,
  runOnNode,
} from '../test/hermes/hermesBundle.js'
import type { BenchMode } from './hermesBenchMain.js'

const PROCESSES = Number(process.env.PROCESSES ?? 3)
const dir = mkdtempSync(join(tmpdir(), 'chatsync-bench-hermes-'))

/** CPU time (ms) of the children this process has waited for so far. */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100
}

type Run = { times: number[]; cpuMs: number }

async function runBench(runtime: 'hermes' | 'node', mode: BenchMode, count: number): Promise<Run> {
  const bundle = join(dir, 'bench.js')
  const file = join(dir, `${mode}-${count}.js`)
  writeFileSync(
    file,
    `globalThis.BENCH_PARAMS = ${JSON.stringify({ mode, count })};\n${readFileSync(bundle, 'utf8')}`,
  )
  const before = childrenCpuMs()
  const result: RunResult = await (runtime === 'hermes' ? runOnHermes(file) : runOnNode(file))
  const cpuMs = childrenCpuMs() - before
  const report = readReport<{ times: number[]; error?: string }>(result, 'BENCH ')
  if (report.error) throw new Error(report.error)
  return { times: report.times, cpuMs }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const min = (values: number[]) => Math.min(...values)

type Figure = { cpu: number; best: number; median: number }

/**
 * `mode` done `count` times per process against `base` times: CPU per operation from the difference;
 * wall times of the operations after the `base` first ones.
 */
async function measure(
  runtime: 'hermes' | 'node',
  mode: BenchMode,
  count: number,
  base: number,
): Promise<Figure> {
  const cpu: number[] = []
  const walls: number[] = []
  for (let i = 0; i < PROCESSES; i++) {
    const baseline = await runBench(runtime, mode, base)
    const full = await runBench(runtime, mode, count)
    cpu.push((full.cpuMs - baseline.cpuMs) / (count - base))
    walls.push(...full.times.slice(base))
  }
  return { cpu: Math.round(median(cpu)), best: min(walls), median: median(walls) }
}

const rows: { label: string; mode: BenchMode; count: number; base: number; target?: number }[] = [
  { label: 'first key derivation in a fresh process', mode: 'derive', count: 1, base: 0, target: 1200 },
  { label: 'key derivation, pure JS', mode: 'derive', count: 4, base: 1, target: 1000 },
  { label: 'key derivation, native PBKDF2 stand-in', mode: 'deriveNative', count: 10, base: 1 },
  { label: 'decode 1,000 envelopes', mode: 'decode1000', count: 3, base: 1 },
  { label: 'apply 10,000 changes (last writer wins)', mode: 'apply10000', count: 10, base: 1, target: 500 },
  { label: 'apply 10,000 changes (account reducer)', mode: 'reduce10000', count: 10, base: 1, target: 500 },
]

try {
  await buildHermesBundle({
    entry: join(import.meta.dirname, 'hermesBenchMain.ts'),
    outfile: join(dir, 'bench.js'),
  })
  const load = loadavg()[0]?.toFixed(1)
  console.log(
    `Hermes 0.12 (hermes-engine-cli, -O) and Node ${process.versions.node} on the same bundle; ms per operation: ` +
      `CPU (median of ${PROCESSES} processes), wall best/median; load average ${load} on ${availableParallelism()} cores`,
  )
  for (const row of rows) {
    const hermes = await measure('hermes', row.mode, row.count, row.base)
    const node = await measure('node', row.mode, row.count, row.base)
    const verdict =
      row.target === undefined
        ? ''
        : `  target ≤ ${row.target}: ${hermes.cpu <= row.target ? 'met' : 'NOT met'} (CPU)`
    console.log(
      `${row.label.padEnd(42)} Hermes CPU ${String(hermes.cpu).padStart(5)}, wall ${hermes.best}/${hermes.median}` +
        `   Node CPU ${String(node.cpu).padStart(4)}, wall ${node.best}/${node.median}${verdict}`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
