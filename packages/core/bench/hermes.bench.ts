/**
 * The engine's costs on Hermes 0.12 (hermes-engine-cli, the last Hermes runtime on npm: an old
 * interpreter, slower than the Hermes of a current React Native), beside Node running the same bundle.
 * Each figure is the median over fresh processes (3 by default, `PROCESSES`), each process measuring:
 * the first key derivation (four chat stores; the secp256k1 tables are made then), later ones in pure JS
 * (median of 5), with a native PBKDF2 stand-in (median of 5), decoding 1,000 envelopes, and applying
 * 10,000 changes (last writer wins alone, and through the account reducer). Run: `pnpm bench:hermes`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildHermesBundle, readReport, runOnHermes, runOnNode } from '../test/hermes/hermesBundle.js'

type Figures = Record<
  'firstCall' | 'pureJs' | 'withNative' | 'open1000' | 'apply10000' | 'reduce10000',
  number
>

const PROCESSES = Number(process.env.PROCESSES ?? 3)
const targets: Partial<Record<keyof Figures, number>> = {
  firstCall: 1200,
  pureJs: 1000,
  apply10000: 500,
  reduce10000: 500,
}
const labels: Record<keyof Figures, string> = {
  firstCall: 'first key derivation in a fresh process',
  pureJs: 'key derivation, pure JS',
  withNative: 'key derivation, native PBKDF2 stand-in',
  open1000: 'decode 1,000 envelopes',
  apply10000: 'apply 10,000 changes (last writer wins)',
  reduce10000: 'apply 10,000 changes (account reducer)',
}

const dir = mkdtempSync(join(tmpdir(), 'chatsync-bench-hermes-'))
try {
  const bundle = join(dir, 'bench.js')
  await buildHermesBundle({ entry: join(import.meta.dirname, 'hermesBenchMain.ts'), outfile: bundle })
  const collect = async (run: typeof runOnHermes) => {
    const samples: Figures[] = []
    for (let i = 0; i < PROCESSES; i++) {
      const report = readReport<Figures & { error?: string }>(await run(bundle), 'BENCH ')
      if (report.error) throw new Error(report.error)
      samples.push(report)
    }
    return samples
  }
  const hermes = await collect(runOnHermes)
  const node = await collect(runOnNode)
  const median = (samples: Figures[], key: keyof Figures) =>
    [...samples.map((sample) => sample[key])].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number
  console.log(
    `Hermes 0.12 (hermes-engine-cli) vs Node ${process.versions.node}, same bundle; median of ${PROCESSES} processes, ms`,
  )
  for (const key of Object.keys(labels) as (keyof Figures)[]) {
    const onHermes = median(hermes, key)
    const target = targets[key]
    const verdict =
      target === undefined
        ? ''
        : onHermes <= target
          ? ` (target ≤ ${target}: met)`
          : ` (target ≤ ${target}: NOT met)`
    const all = hermes.map((sample) => sample[key]).join('/')
    console.log(
      `${labels[key].padEnd(44)} Hermes ${String(onHermes).padStart(5)} [${all}]  Node ${String(median(node, key)).padStart(4)}${verdict}`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
