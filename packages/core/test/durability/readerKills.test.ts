import { createCleanup, printFigure } from '@chatsync/test/node'
import { afterAll, afterEach, expect, test } from 'vitest'
import { plannedKeys } from './changePlan.js'
import { createAccountDevices, createRandom, settleWithNewDevice, sleep } from './crashKit.js'
import { type DeviceProcess, removeDeviceProgram } from './deviceProcess.js'

/*
 * A reader device, a process of its own with file storage, is SIGKILLed at random moments while a writer
 * process streams changes, and started again on the same directory and storage prefix after each kill.
 * The relay counts a message as delivered once the reader's core has it, before the engine has saved
 * it; whatever a kill takes must come back some other way. At the end the reader, the writer and a
 * device that registers after everything must each hold every change.
 */

const cleanup = createCleanup()
afterEach(cleanup.run)
afterAll(removeDeviceProgram)

const KILLS = 22
const MIN_CHANGES = 2_000
const CHUNK = 20

test('behavior: a reader SIGKILLed 22 times during a stream of 2,000+ changes, restarted each time, loses nothing', {
  timeout: 180_000,
}, async () => {
  const scenario = 'crash: reader killed during a stream'
  const random = createRandom(scenario)
  const relay = await cleanup.restartableRelay()
  const account = await createAccountDevices(cleanup, relay.url)
  const writer = account.device('writer')
  const reader = account.device('reader')
  writer.start()
  await writer.ready()
  reader.start()
  await reader.ready()

  // The stream never pauses while the kills go on (about 60 changes a second), and goes on to at least
  // MIN_CHANGES: the writer always has the next chunk queued.
  let sent = 0
  let killing = true
  const feed = (async () => {
    while (killing || sent < MIN_CHANGES) {
      if (sent - writer.writtenTo < CHUNK) {
        writer.send({ cmd: 'write', from: sent, count: CHUNK, intervalMs: 15 })
        sent += CHUNK
      }
      await sleep(20)
    }
  })()

  let killedBeforeReady = 0
  const started = performance.now()
  for (let kill = 0; kill < KILLS; kill++) {
    if (random.next() < 0.25) {
      // While it starts again: restoring, catching up with its mailbox.
      await sleep(random.int(50, 900))
      if (!reader.runs.at(-1)?.ready) killedBeforeReady++
    } else {
      await reader.ready()
      await sleep(random.int(0, 1_200))
    }
    await reader.kill()
    reader.start()
  }
  killing = false
  const killsMs = performance.now() - started
  const changesDuringKills = sent
  await feed
  const total = sent
  await reader.ready()
  await writer.until(() => writer.writtenTo === total, 'the end of the stream', 120_000)
  // Every write of the stream confirmed (saved, or accepted by the relay where the engine has no `saved`).
  await writer.until(() => writer.confirmed.length === total, 'every write confirmed', 30_000)

  // A device that was never there reads everything from the relay: every key the stream touched, set or
  // deleted as the stream left it.
  const end = await settleWithNewDevice(scenario, account, [writer, reader])
  const fresh = await (account.devices.find((device) => device.name === 'new device') as DeviceProcess).dump()
  const held = Object.fromEntries(
    Object.entries(fresh.state).map(([store, keys]) => [
      store,
      Object.fromEntries(Object.entries(keys).map(([key, [, digest]]) => [key, digest !== null])),
    ]),
  )
  expect(held).toEqual(plannedKeys(total))

  printFigure(
    scenario,
    'changes streamed by the writer (of them during the kills)',
    `${total} (${changesDuringKills})`,
  )
  printFigure(
    scenario,
    'reader SIGKILLs (of them while restarting)',
    `${KILLS} (${killedBeforeReady}) in ${Math.round(killsMs)} ms`,
  )
  printFigure(
    scenario,
    'reader restarts where restore() found nothing',
    reader.runs.slice(1).filter((run) => run.ready?.restored === false).length,
  )
  end.print()

  expect(end.outcome).toEqual(end.clean)
})
