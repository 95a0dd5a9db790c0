import { createCleanup, printFigure } from '@chatsync/test/node'
import { afterAll, afterEach, expect, test } from 'vitest'
import { createAccountDevices, createRandom, settleWithNewDevice } from './crashKit.js'
import { removeDeviceProgram } from './deviceProcess.js'
import { diffState, truthOf } from './deviceState.js'

/*
 * A writer device, a process of its own with file storage, is SIGKILLed in the middle of a burst of
 * writes, right after it reported a write as confirmed, and started again on the same directory and
 * storage prefix; then it finishes the burst. The relay never sends a device its own messages back, so
 * what the writer confirmed must survive on the writer itself; another device stays online throughout.
 */

const cleanup = createCleanup()
afterEach(cleanup.run)
afterAll(removeDeviceProgram)

const RUNS = 3
const BURST = 400

test('behavior: a writer SIGKILLed mid-burst (3 times) still holds every write it confirmed, and so does every device', {
  timeout: 150_000,
}, async () => {
  const scenario = 'crash: writer killed mid-burst'
  const random = createRandom(scenario)
  const relay = await cleanup.restartableRelay()
  const account = await createAccountDevices(cleanup, relay.url)
  const writer = account.device('writer')
  const reader = account.device('reader')
  writer.start()
  await writer.ready()
  reader.start()
  await reader.ready()

  const missingAfterRestart: number[] = []
  let from = 0
  for (let run = 0; run < RUNS; run++) {
    const end = from + BURST
    const before = writer.confirmed.length
    const killAfter = random.int(BURST / 10, (BURST * 9) / 10)
    writer.send({ cmd: 'write', from, count: BURST, intervalMs: 2 })
    // Killed the moment it reports the `killAfter`-th confirmation of this burst.
    await writer.until(() => writer.confirmed.length - before >= killAfter, 'confirmations', 60_000)
    await writer.kill()
    const confirmedInBurst = writer.confirmed.slice(before)

    writer.start()
    await writer.ready()
    // Right after the restart, before it writes again: every write it confirmed in the burst is there.
    const { state } = await writer.dump()
    const { truth } = truthOf([], confirmedInBurst)
    const diff = diffState(state, truth)
    missingAfterRestart.push(diff.lost.length + diff.stale.length)
    printFigure(
      scenario,
      `burst ${run + 1}: confirmed keys missing on the writer after its restart (lost / stale)`,
      `${diff.lost.length} / ${diff.stale.length} of ${Object.values(truth).reduce((n, s) => n + Object.keys(s).length, 0)}`,
    )

    // It finishes the burst from the write after the last one it confirmed.
    const last = Math.max(...confirmedInBurst.map((write) => write.index))
    writer.send({ cmd: 'write', from: last + 1, count: end - last - 1, intervalMs: 2 })
    await writer.until(() => writer.writtenTo === end, 'the end of the burst', 60_000)
    from = end
  }
  await writer.until(
    () => writer.confirmed.some((write) => write.index === from - 1),
    'the last write confirmed',
    30_000,
  )

  const end = await settleWithNewDevice(scenario, account, [writer, reader])
  printFigure(scenario, 'writes (bursts of 400, writer killed in each)', RUNS * BURST)
  end.print()

  expect({
    missingAfterRestart,
    ...end.outcome,
  }).toEqual({
    missingAfterRestart: Array(RUNS).fill(0),
    ...end.clean,
  })
})
