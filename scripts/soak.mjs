#!/usr/bin/env node
// Runs the randomized convergence test (packages/core/test/soak/convergence.test.ts) for as long as asked
// and prints its figures as a table to paste into RELIABILITY.md.
//   pnpm test:soak                                   30 minutes of schedules
//   SOAK_MINUTES=5 pnpm test:soak                    5 minutes
//   SOAK_SEED=… SOAK_PATH=… SOAK_REPLAY_PATH=… pnpm test:soak    replays a failure (printed with it)
//   pnpm test:soak --write                           also replaces the soak figures in RELIABILITY.md
// Other knobs: SOAK_SHRINK_MINUTES (time to shrink a failure, default 15 here), SOAK_MAX_COMMANDS (24),
// SOAK_VERBOSE=1 (each schedule and its timings). Exits with vitest's status.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const scratch = mkdtempSync(join(tmpdir(), 'chatsync-soak-'))
const figuresFile = join(scratch, 'figures.jsonl')
writeFileSync(figuresFile, '')

const env = {
  ...process.env,
  SOAK_MINUTES: process.env.SOAK_MINUTES ?? '30',
  SOAK_SHRINK_MINUTES: process.env.SOAK_SHRINK_MINUTES ?? '15',
  CHATSYNC_FIGURES_FILE: figuresFile,
}
const args = ['exec', 'vitest', 'run', '--project', 'core', 'test/soak/convergence.test.ts']
const result = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', env })
const figures = readFileSync(figuresFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
rmSync(scratch, { recursive: true, force: true })

const cell = (text) => String(text).replaceAll('|', '\\|')
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
const table = [
  `Soak run: ${date}, Node ${process.version}, SOAK_MINUTES=${env.SOAK_MINUTES}, ${result.status === 0 ? 'passed' : `vitest exit ${result.status}`}.`,
  '',
  '| figure | value |',
  '|---|---|',
  ...figures.map((f) => `| ${cell(f.name)} | ${cell(f.value)} |`),
].join('\n')
console.log(`\n${table}\n`)

if (process.argv.includes('--write')) {
  const file = join(root, 'RELIABILITY.md')
  const text = readFileSync(file, 'utf8')
  const start = '<!-- soak:start -->'
  const end = '<!-- soak:end -->'
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to === -1) {
    console.error(`RELIABILITY.md has no ${start} … ${end} section`)
    process.exit(1)
  }
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`)
  // Keep the file as the formatter wants it (aligned tables), so `biome check` stays clean.
  spawnSync('pnpm', ['exec', 'biome', 'format', '--write', 'RELIABILITY.md'], { cwd: root, stdio: 'ignore' })
  console.log('RELIABILITY.md updated')
}
process.exit(result.status ?? 1)
