import { createCleanup, printFigure } from '@chatsync/test/node'
import { afterAll, afterEach, expect, test } from 'vitest'
import { createAccountDevices, createRandom, settleWithNewDevice, sleep } from './crashKit.js'
import type { DeviceConfig } from './device.js'
import { removeDeviceProgram } from './deviceProcess.js'

/*
 * Kills inside a save. A writer and a reader, each a process of its own with file storage, run with a
 * kill armed in their storage: the process SIGKILLs itself inside its n-th file write (n drawn at random
 * per start), either just before the write (the Node storage of the WalletConnect core has removed the
 * key's file by then: it saves a key by removing and rewriting it) or just after the write began. Each is
 * started again on the same directory and prefix, armed anew, until each was killed 5 times; the writer
 * streams changes throughout. `restore()` may find nothing after such a kill only if the state then
 * comes back in full from the relay: at the end nothing may be missing on any device.
 */

const cleanup = createCleanup()
afterEach(cleanup.run)
afterAll(removeDeviceProgram)

const KILLS_PER_DEVICE = 5
const CHUNK = 50

test('behavior: writer and reader killed inside their saves (5 times each) lose nothing', {
  timeout: 200_000,
}, async () => {
  const scenario = 'crash: kills inside a save'
  const random = createRandom(scenario)
  const relay = await cleanup.restartableRelay()
  const account = await createAccountDevices(cleanup, relay.url)
  const writer = account.device('writer')
  const reader = account.device('reader')
  // Registered once without a kill, so that every kill below hits a device that holds something.
  for (const device of [writer, reader]) {
    device.start()
    await device.ready()
    await device.stop()
  }

  const armed = (): Pick<DeviceConfig, 'killInWrite'> => ({
    killInWrite: {
      nth: random.int(1, 8),
      point: random.pick(['before', 'during'] as const),
      scope: random.next() < 0.25 ? 'any' : 'engine',
    },
  })
  const kills = { writer: [] as string[], reader: [] as string[] }
  const otherExits: string[] = []
  let next = 0
  let writerTarget = 0
  const started = performance.now()
  writer.start(armed())
  reader.start(armed())

  const killed = (name: 'writer' | 'reader') => kills[name].length
  while (killed('writer') < KILLS_PER_DEVICE || killed('reader') < KILLS_PER_DEVICE) {
    if (performance.now() - started > 120_000) break
    for (const [name, device] of [
      ['writer', writer],
      ['reader', reader],
    ] as const) {
      if (device.running) continue
      const run = device.runs.at(-1)
      if (run?.killing) kills[name].push(run.killing)
      else otherExits.push(`${name}: ${run?.exit}`)
      if (name === 'writer') writerTarget = 0
      device.start(killed(name) < KILLS_PER_DEVICE ? armed() : {})
    }
    // The stream goes on whenever the writer is up and done with its last chunk.
    if (writer.running && writer.runs.at(-1)?.ready && writer.writtenTo >= writerTarget) {
      writer.send({ cmd: 'write', from: next, count: CHUNK, intervalMs: 5 })
      next += CHUNK
      writerTarget = next
    }
    await sleep(10)
  }
  const killsMs = performance.now() - started

  // Both up without a kill armed; the writer ends the stream with one more chunk.
  for (const device of [writer, reader]) {
    if (!device.running) {
      const run = device.runs.at(-1)
      if (!run?.killing) otherExits.push(`${device.name}: ${run?.exit}`)
      device.start()
    }
    await device.ready()
  }
  await writer.until(() => writer.writtenTo >= writerTarget || writerTarget === 0, 'its last chunk', 60_000)
  writer.send({ cmd: 'write', from: next, count: CHUNK, intervalMs: 0 })
  next += CHUNK
  await writer.until(
    () => writer.confirmed.some((write) => write.index === next - 1),
    'the last write confirmed',
    30_000,
  )

  const end = await settleWithNewDevice(scenario, account, [writer, reader])
  // Whether restore() found the account on each start that followed a kill.
  const restoredAfterKill = [writer, reader].flatMap((device) =>
    device.runs.flatMap((run, i) =>
      i > 0 && device.runs[i - 1]?.killing && run.ready ? [run.ready.restored] : [],
    ),
  )
  const all = [...kills.writer, ...kills.reader]
  printFigure(
    scenario,
    'kills inside a save (writer / reader)',
    `${kills.writer.length} / ${kills.reader.length} in ${Math.round(killsMs)} ms`,
  )
  printFigure(
    scenario,
    'kill points (before the call: file removed, not rewritten / during the write)',
    `${all.filter((k) => k.startsWith('before')).length} / ${all.filter((k) => k.startsWith('during')).length}`,
  )
  printFigure(
    scenario,
    'restarts after a kill where restore() found nothing',
    `${restoredAfterKill.filter((r) => !r).length} of ${restoredAfterKill.length}`,
  )
  printFigure(scenario, 'changes written by the writer', next)
  end.print()

  expect({
    writerKills: kills.writer.length,
    readerKills: kills.reader.length,
    otherExits,
    ...end.outcome,
  }).toEqual({
    writerKills: KILLS_PER_DEVICE,
    readerKills: KILLS_PER_DEVICE,
    otherExits: [],
    ...end.clean,
  })
})
