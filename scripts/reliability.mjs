#!/usr/bin/env node
// Runs the reliability and security scenarios (core: test/reliability/, the crash tests in
// test/durability/, retention, rebuild and transport; dev-relay: test/abuse.test.ts), collects the `[figure]` lines they print, and shows
// them as a table. The browser crash test (examples/chat-app/e2e/crash.e2e.test.ts) runs with the e2e
// tests, on the built packages; it prints its figures the same way.
//   node scripts/reliability.mjs           run and print the figures
//   node scripts/reliability.mjs --write   also replace the figures section of RELIABILITY.md
// Exits with vitest's status.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const scratch = mkdtempSync(join(tmpdir(), 'chatsync-figures-'))
const figuresFile = join(scratch, 'figures.jsonl')
writeFileSync(figuresFile, '')

const args = [
  'exec',
  'vitest',
  'run',
  '--project',
  'core',
  '--project',
  'dev-relay',
  'reliability',
  'durability',
  'retention',
  'rebuild',
  'transport',
  'abuse',
]
const result = spawnSync('pnpm', args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHATSYNC_FIGURES_FILE: figuresFile },
})
const figures = readFileSync(figuresFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
rmSync(scratch, { recursive: true, force: true })

const cell = (text) => String(text).replaceAll('|', '\\|')
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
const table = [
  `Last run: ${date}, Node ${process.version}, ${result.status === 0 ? 'all passed' : `vitest exit ${result.status}`}.`,
  '',
  '| scenario | figure | value |',
  '|---|---|---|',
  ...figures.map((f) => `| ${cell(f.scenario)} | ${cell(f.name)} | ${cell(f.value)} |`),
].join('\n')
console.log(`\n${table}\n`)

if (process.argv.includes('--write')) {
  const file = join(root, 'RELIABILITY.md')
  const text = readFileSync(file, 'utf8')
  const start = '<!-- figures:start -->'
  const end = '<!-- figures:end -->'
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
