#!/usr/bin/env node
// Runs the randomized convergence test (packages/core/test/soak/convergence.test.ts) for as long as asked
// and prints its figures as a table to paste into RELIABILITY.md.
//   pnpm test:soak                                   30 minutes of schedules
//   SOAK_MINUTES=5 pnpm test:soak                    5 minutes
//   SOAK_SEED=… SOAK_PATH=… SOAK_REPLAY_PATH=… pnpm test:soak    replays a failure (printed with it)
//   pnpm test:soak --write                           also replaces the soak figures in RELIABILITY.md
// Other knobs: SOAK_SHRINK_MINUTES (time to shrink a failure, default 15 here), SOAK_MAX_COMMANDS (24),
// SOAK_VERBOSE=1 (each schedule and its timings). Exits with vitest's status.
import { reportFigures, runDate, runWithFigures } from './figures.mjs'

const env = {
  ...process.env,
  SOAK_MINUTES: process.env.SOAK_MINUTES ?? '30',
  SOAK_SHRINK_MINUTES: process.env.SOAK_SHRINK_MINUTES ?? '15',
}
const args = ['exec', 'vitest', 'run', '--project', 'core', 'test/soak/convergence.test.ts']
const { status, figures } = runWithFigures(args, env)
reportFigures({
  section: 'soak',
  heading: `Soak run: ${runDate()}, Node ${process.version}, SOAK_MINUTES=${env.SOAK_MINUTES}, ${status === 0 ? 'passed' : `vitest exit ${status}`}.`,
  columns: ['figure', 'value'],
  rows: figures.map((f) => [f.name, f.value]),
})
process.exit(status ?? 1)
