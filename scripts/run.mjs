#!/usr/bin/env node
// One entry point for the README's two commands, runnable with nothing but Node 20 and npm:
//   npm start  -> install, build the packages, start the dev relay + example app
//   npm test   -> install, run every test project, print `N passed, N failed`
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  if (res.error) throw res.error
  return res.status ?? 1
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ['pnpm']
  return ['npx', '-y', `pnpm@${PNPM_VERSION}`]
}

function pnpm(...args) {
  const [cmd, ...pre] = pnpmCommand()
  return run(cmd, [...pre, ...args])
}

function must(code, what) {
  if (code !== 0) {
    console.error(`\n${what} failed (exit ${code})`)
    process.exit(code)
  }
}

// The browser end-to-end tests drive Debian's Chromium; nothing downloads a browser of its own.
const CHROMIUM = '/usr/bin/chromium'
function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  if (!isRoot || !hasApt) {
    console.error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) for the end-to-end tests.`,
    )
    return
  }
  console.log(`Installing Debian's chromium for the end-to-end tests (${CHROMIUM} is missing)…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (
    run('apt-get', ['update', '-qq'], { env }) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0
  ) {
    console.error('Installing chromium failed: the end-to-end tests will fail.')
  }
}

function setup() {
  must(pnpm('install', '--frozen-lockfile'), 'pnpm install')
  must(pnpm('run', 'build'), 'build')
}

const task = process.argv[2]
if (task === 'start') {
  setup()
  // The example's start script itself, not through pnpm, which reports a script that Ctrl+C ended as a
  // failure. Ctrl+C reaches it as well (same process group): it stops the relay and Vite and exits 0.
  const example = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: join(root, 'examples', 'chat-app'),
    stdio: 'inherit',
  })
  const forward = (signal) => () => example.kill(signal)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  example.on('exit', (code, signal) =>
    process.exit(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : (code ?? 1)),
  )
} else if (task === 'test') {
  setup()
  ensureChromium()
  mkdirSync(join(root, '.tmp'), { recursive: true })
  const report = join(root, '.tmp', 'vitest-report.json')
  // A report left by an earlier run must never be read as this one's: a run that dies before writing
  // its own leaves none, which counts as a failure below.
  rmSync(report, { force: true })
  const code = pnpm(
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
  )
  let passed = 0
  let failed = 0
  let skipped = 0
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    passed = json.numPassedTests ?? 0
    // Failed tests, plus test files that failed without a failed test of their own (they did not load).
    const brokenFiles = (json.testResults ?? []).filter(
      (file) => file.status === 'failed' && !file.assertionResults?.some((test) => test.status === 'failed'),
    ).length
    failed = (json.numFailedTests ?? 0) + brokenFiles
    skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0)
  } else {
    // No report: vitest did not get to the end of the run.
    failed = 1
  }
  if (code !== 0 && failed === 0) failed = 1
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed > 0 || code !== 0 ? 1 : 0)
} else {
  console.error('usage: node scripts/run.mjs <start|test>')
  process.exit(2)
}
