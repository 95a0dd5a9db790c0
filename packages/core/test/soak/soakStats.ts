import { printFigure } from '@chatsync/test/node'

export const FAULT_KINDS = [
  'network down (transport closed, onlineManager offline)',
  'SIGKILL of a device',
  'restart of a killed device',
  'relay restart',
  'device with its clock off',
  'sleep past the ttl',
  'sleep past the tombstone horizon',
  'device joining late',
  'hook write while offline',
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** What the convergence runs did, over every schedule of one `fc.check` (shrinking included). */
export function createSoakStats() {
  return {
    startedAt: performance.now(),
    /** Schedules run to the end (a schedule is one generated set-up and command list). */
    schedules: 0,
    /** Of them, run while shrinking a failure. */
    shrinkRuns: 0,
    failedSchedules: 0,
    commands: 0,
    writes: { client: 0, hook: 0 },
    faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    /** Keys × devices that differed from the model at the end of a schedule. */
    divergences: 0,
    /** Divergences by kind (revived, lost, stale, unknown, disagree). */
    divergenceKinds: {} as Record<string, number>,
    /** Other failures by kind: a hook write paused, a device never quiet, a `saved` never settled… */
    failures: {} as Record<string, number>,
    /** How long each passing schedule took to agree after the faults ended (ms). */
    settleMs: [] as number[],
  }
}
export type SoakStats = ReturnType<typeof createSoakStats>

const SCENARIO = 'soak: randomized convergence'

/** Prints the run's figures as `[figure]` lines (`scripts/soak.mjs` turns them into a table). */
export function printSoakFigures(stats: SoakStats, extra: Record<string, string | number>) {
  const minutes = (performance.now() - stats.startedAt) / 60_000
  printFigure(SCENARIO, 'wall time', `${minutes.toFixed(1)} min`)
  for (const [name, value] of Object.entries(extra)) printFigure(SCENARIO, name, value)
  printFigure(
    SCENARIO,
    'schedules run (of them while shrinking)',
    `${stats.schedules} (${stats.shrinkRuns}), ${stats.failedSchedules} failed`,
  )
  printFigure(SCENARIO, 'commands run', stats.commands)
  printFigure(SCENARIO, 'writes (client / hook mutation)', `${stats.writes.client} / ${stats.writes.hook}`)
  for (const kind of FAULT_KINDS) printFigure(SCENARIO, `faults: ${kind}`, stats.faults[kind])
  const kinds = Object.entries(stats.divergenceKinds).map(([kind, n]) => `${kind} ${n}`)
  printFigure(
    SCENARIO,
    'divergences (keys × devices)',
    `${stats.divergences}${kinds.length ? ` (${kinds.join(', ')})` : ''}`,
  )
  const failures = Object.entries(stats.failures).map(([kind, n]) => `${kind} ${n}`)
  printFigure(SCENARIO, 'other failures', failures.length > 0 ? failures.join(', ') : 0)
  const settle = [...stats.settleMs].sort((a, b) => a - b)
  if (settle.length > 0) {
    const median = settle[Math.floor(settle.length / 2)] as number
    printFigure(SCENARIO, 'time to agree after the faults (median / max)', `${median} / ${settle.at(-1)} ms`)
  }
}
