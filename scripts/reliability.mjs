#!/usr/bin/env node
// Runs the reliability and security scenarios (core: test/reliability/, the crash tests in
// test/durability/, retention, rebuild and transport; dev-relay: test/abuse.test.ts), collects the `[figure]` lines they print, and shows
// them as a table. The browser crash test (examples/chat-app/e2e/crash.e2e.test.ts) runs with the e2e
// tests, on the built packages; it prints its figures the same way.
//   node scripts/reliability.mjs           run and print the figures
//   node scripts/reliability.mjs --write   also replace the figures section of RELIABILITY.md
// Exits with vitest's status.
import { reportFigures, runDate, runWithFigures } from './figures.mjs'

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
const { status, figures } = runWithFigures(args)
reportFigures({
  section: 'figures',
  heading: `Last run: ${runDate()}, Node ${process.version}, ${status === 0 ? 'all passed' : `vitest exit ${status}`}.`,
  columns: ['scenario', 'figure', 'value'],
  rows: figures.map((f) => [f.scenario, f.name, f.value]),
})
process.exit(status ?? 1)
