// Shared by reliability.mjs and soak.mjs: runs vitest with a file for the `[figure]` lines the tests
// print, then shows them as a table and, with --write, puts it in its section of RELIABILITY.md.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Runs `pnpm <args>` at the root with `env`; returns its exit status and the figures its tests printed. */
export function runWithFigures(args, env = process.env) {
  const scratch = mkdtempSync(join(tmpdir(), 'chatsync-figures-'))
  const figuresFile = join(scratch, 'figures.jsonl')
  writeFileSync(figuresFile, '')
  const result = spawnSync('pnpm', args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, CHATSYNC_FIGURES_FILE: figuresFile },
  })
  const figures = readFileSync(figuresFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  rmSync(scratch, { recursive: true, force: true })
  return { status: result.status, figures }
}

const cell = (text) => String(text).replaceAll('|', '\\|')

/**
 * Prints `heading` and a table of `rows` (each an array of cells under `columns`), and with `--write`
 * replaces RELIABILITY.md's `<!-- section:start -->` … `<!-- section:end -->` with them.
 */
export function reportFigures({ section, heading, columns, rows }) {
  const table = [
    heading,
    '',
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n')
  console.log(`\n${table}\n`)
  if (!process.argv.includes('--write')) return
  const file = join(root, 'RELIABILITY.md')
  const text = readFileSync(file, 'utf8')
  const start = `<!-- ${section}:start -->`
  const end = `<!-- ${section}:end -->`
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

/** The time of a run, to the second. */
export const runDate = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
