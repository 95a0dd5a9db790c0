import { createCleanup, printFigure } from '@chatsync/test/node'
import fc from 'fast-check'
import { afterAll, expect, test } from 'vitest'
import { removeDeviceProgram } from '../durability/deviceProcess.js'
import { createSoakWorld, type SoakVerdict } from './createSoakWorld.js'
import { clockOffsetOf, initialModel, soakCommands, soakSetup } from './soakCommands.js'
import { createSoakStats, printSoakFigures } from './soakStats.js'

/*
 * Random schedules against real engines: 3–5 device processes of one account (`durability/device.ts`,
 * a real `@walletconnect/core` with file storage each) on a dev relay that keeps its messages on disk,
 * writing a few keys of `threads` and `sentInvites` through the client or a hook's mutation, while
 * devices go offline and online, are SIGKILLed and restarted, the relay restarts, clocks are off,
 * devices join late and (with the retention compressed to seconds) time passes beyond the ttl and the
 * tombstone horizon. After each schedule, once quiet, every device and a brand-new one must hold what
 * the model says (per key, the write with the highest id; a write cut by a SIGKILL before its `saved`
 * may be lost, a saved one never). fast-check shrinks a failing schedule to the shortest it finds.
 *
 *   npm test                    about a minute of schedules (SOAK_MINUTES=0.75)
 *   pnpm test:soak              30 minutes (SOAK_MINUTES=…), the figures as a table for RELIABILITY.md
 *   SOAK_SEED=… SOAK_PATH=… SOAK_REPLAY_PATH=… pnpm test:soak    replays a failure (printed with it)
 */

const env = process.env
const runMs = Number(env.SOAK_MINUTES ?? 0.75) * 60_000
const shrinkMs = Number(env.SOAK_SHRINK_MINUTES ?? 3) * 60_000
const seed = env.SOAK_SEED ? Number(env.SOAK_SEED) : (Date.now() ^ (process.pid << 10)) >>> 0
const path = env.SOAK_PATH || undefined
const replayPath = env.SOAK_REPLAY_PATH || undefined
const maxCommands = Number(env.SOAK_MAX_COMMANDS ?? 24)
const NOT_MODEL = "the devices did not end in the model's state"
/** Each schedule's commands and timings on the console. */
const verbose = env.SOAK_VERBOSE === '1'
/** The schedule under way when the time is up finishes (faults, quiet, a new device): a few minutes at most. */
const lastScheduleMs = 5 * 60_000

afterAll(removeDeviceProgram)

/** The lines that say why a schedule failed (empty when it passed). */
export function verdictLines(verdict: SoakVerdict): string[] {
  return [
    ...verdict.divergences.map(
      (d) => `${d.device} ${d.key}: ${d.kind}: holds ${d.held}; the model: ${d.expected}`,
    ),
    ...verdict.noisy.map((line) => `never quiet: ${line}`),
    ...verdict.unsaved.map((w) => `saved never settled: ${w.op} r${w.ref} by ${w.device} (${w.label})`),
    ...verdict.failures.map((line) => `device failure: ${line}`),
  ]
}

test('behavior: random schedules of writes and faults on real devices all end in the state of the model', {
  timeout: runMs + shrinkMs + lastScheduleMs,
}, async () => {
  const stats = createSoakStats()
  printFigure('soak: randomized convergence', 'seed (SOAK_SEED)', seed)
  let failedAt: number | undefined
  const property = fc.asyncProperty(
    soakSetup,
    soakCommands({ maxCommands, replayPath }),
    async (setup, commands) => {
      // No new schedule once the time is up (a failure gets its own time to shrink): fast-check stops here.
      const now = performance.now()
      if (failedAt === undefined ? now - stats.startedAt > runMs : now - failedAt > shrinkMs) {
        throw new fc.PreconditionFailure(true)
      }
      const cleanup = createCleanup()
      const shrinking = failedAt !== undefined
      const times: string[] = []
      let mark = performance.now()
      const lap = (what: string) => {
        const at = performance.now()
        times.push(`${what} ${Math.round(at - mark)} ms`)
        mark = at
      }
      try {
        const clockOffsetsMs = setup.clocks.map((perMille) => clockOffsetOf(setup.timescale, perMille))
        for (const offset of clockOffsetsMs) if (offset !== 0) stats.faults['device with its clock off']++
        const world = await createSoakWorld({ cleanup, timescale: setup.timescale, clockOffsetsMs })
        lap(`set-up (devices ready in ${world.devices.map((d) => d.runs[0]?.ready?.ms).join(', ')} ms)`)
        const model = initialModel(setup)
        const counted = [...commands].map((command) => ({
          check: command.check.bind(command),
          run: async (m: typeof model, r: Parameters<typeof command.run>[1]) => {
            stats.commands++
            await command.run(m, r)
          },
          toString: () => command.toString(),
        }))
        await fc.asyncModelRun(() => ({ model, real: { world, stats } }), counted)
        lap('commands')
        const verdict = await world.finish(model.writes)
        lap('end')
        const lines = verdictLines(verdict)
        stats.divergences += verdict.divergences.length
        for (const { kind } of verdict.divergences)
          stats.divergenceKinds[kind] = (stats.divergenceKinds[kind] ?? 0) + 1
        const count = (kind: string, n: number) => {
          if (n > 0) stats.failures[kind] = (stats.failures[kind] ?? 0) + n
        }
        count('never quiet', verdict.noisy.length)
        count('saved never settled', verdict.unsaved.length)
        count('device failure', verdict.failures.length)
        if (lines.length > 0) throw new Error(`${NOT_MODEL}:\n${lines.join('\n')}`)
        stats.settleMs.push(verdict.settleMs)
      } catch (error) {
        failedAt ??= performance.now()
        stats.failedSchedules++
        const message = error instanceof Error ? error.message : String(error)
        if (!message.startsWith(NOT_MODEL)) {
          const kind = message.includes('TanStack paused it') ? 'hook write paused' : 'command failed'
          stats.failures[kind] = (stats.failures[kind] ?? 0) + 1
        }
        throw error
      } finally {
        stats.schedules++
        if (shrinking) stats.shrinkRuns++
        await cleanup.run()
        lap('clean-up')
        if (verbose)
          console.log(
            `schedule ${stats.schedules}: ${JSON.stringify(setup)} ${String(commands)}\n  ${times.join(', ')}`,
          )
      }
    },
  )
  const details = await fc.check(property, { seed, path, numRuns: 1_000_000 })
  printSoakFigures(stats, { 'schedule length (commands at most)': maxCommands })
  if (!details.failed) {
    expect(stats.schedules).toBeGreaterThan(0)
    return
  }
  const [setup, commands] = details.counterexample ?? []
  const shortest = String(commands)
  const replay = /replayPath="([^"]*)"/.exec(shortest)?.[1]
  const report = [
    `A schedule did not converge (seed ${details.seed}, ${details.numRuns} schedules, ${details.numShrinks} shrinks).`,
    `Shortest schedule found: ${JSON.stringify(setup)} then ${shortest.replace(/ \/\*.*\*\/$/, '') || '(no command)'}`,
    `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
    `Replay: SOAK_SEED=${details.seed} SOAK_PATH=${details.counterexamplePath}${replay ? ` SOAK_REPLAY_PATH='${replay}'` : ''} pnpm test:soak`,
  ].join('\n')
  console.log(report)
  expect.fail(report)
})
