import { rmSync } from 'node:fs'
import type { createCleanup } from '@chatsync/test/node'
import { printFigure } from '@chatsync/test/node'
import { generatePrivateKey } from 'viem/accounts'
import {
  type CreateDeviceProcessParameters,
  confirmedWrites,
  createDeviceProcess,
  type DeviceProcess,
  deviceProgram,
} from './deviceProcess.js'
import { type DeviceState, diffState, type StateDiff, truthOf } from './deviceState.js'

/**
 * A seeded random source (mulberry32), so that a run's kill moments can be replayed: the seed is printed,
 * and `CHATSYNC_CRASH_SEED` sets it.
 */
export function createRandom(scenario: string) {
  const seed = Number(process.env.CHATSYNC_CRASH_SEED) || (Date.now() ^ (process.pid << 8)) >>> 0
  printFigure(scenario, 'random seed (CHATSYNC_CRASH_SEED)', seed)
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    seed,
    /** In [0, 1). */
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Device processes of one account on one relay, stopped (and their directories removed) after the test. */
export async function createAccountDevices(cleanup: ReturnType<typeof createCleanup>, relayUrl: string) {
  const programFile = await deviceProgram()
  const privateKey = generatePrivateKey()
  const devices: DeviceProcess[] = []
  cleanup.add(async () => {
    for (const device of devices) {
      await device.stop(5_000)
      rmSync(device.dir, { recursive: true, force: true })
    }
  })
  return {
    privateKey,
    devices,
    device(name: string, options: Partial<CreateDeviceProcessParameters> = {}) {
      const device = createDeviceProcess({ programFile, name, relayUrl, privateKey, ...options })
      devices.push(device)
      return device
    },
  }
}

export type DeviceReport = { name: string; status: string; errors: string[]; keys: number; diff: StateDiff }

/**
 * Waits until every device holds the truth (everything any of them holds or the writers confirmed,
 * folded per key by last-writer-wins), or `timeoutMs` passed: losses on a device are for good (the relay
 * counts what it sent as delivered), so waiting longer changes nothing. Nothing is retried or repaired
 * here; the devices are only asked for their state.
 */
export async function settle(devices: readonly DeviceProcess[], { timeoutMs = 15_000 } = {}) {
  const started = performance.now()
  for (;;) {
    const dumps = []
    for (const device of devices) dumps.push({ device, ...(await device.dump()) })
    const confirmed = devices.flatMap(confirmedWrites)
    const { truth, conflicts } = truthOf(
      dumps.map((d) => d.state),
      confirmed,
    )
    const reports: DeviceReport[] = dumps.map(({ device, status, errors, state }) => ({
      name: device.name,
      status,
      errors,
      keys: Object.values(state).reduce((sum, store) => sum + Object.keys(store).length, 0),
      diff: diffState(state, truth),
    }))
    const settled = reports.every(
      (r) => r.status === 'ready' && r.diff.lost.length + r.diff.stale.length + r.diff.diverged.length === 0,
    )
    const elapsedMs = performance.now() - started
    if (settled || elapsedMs > timeoutMs)
      return { reports, truth, conflicts, settledMs: Math.round(elapsedMs), settled }
    await sleep(500)
  }
}

/** Prints each device's lost and stale keys against the truth. */
export function printReports(scenario: string, reports: readonly DeviceReport[], truth: DeviceState) {
  const total = Object.values(truth).reduce((sum, store) => sum + Object.keys(store).length, 0)
  printFigure(scenario, 'keys in the truth (sets and tombstones)', total)
  for (const { name, diff, status } of reports) {
    printFigure(
      scenario,
      `${name}: lost / stale keys`,
      `${diff.lost.length} / ${diff.stale.length}${diff.diverged.length ? ` (+${diff.diverged.length} diverged)` : ''}${status === 'ready' ? '' : ` (${status})`}`,
    )
  }
  // Reported, not asserted: an engine may rightly report e.g. a damaged record it recovered from.
  printFigure(
    scenario,
    'error events of the last run of each device',
    reports.map((r) => `${r.name}: ${r.errors.join(', ') || 'none'}`).join('; '),
  )
}

/** The counts to assert: every one must be 0. */
export const lossCounts = (reports: readonly DeviceReport[]) =>
  Object.fromEntries(
    reports.map(({ name, diff }) => [
      name,
      { lost: diff.lost.length, stale: diff.stale.length, diverged: diff.diverged.length },
    ]),
  )

export const noLoss = (reports: readonly DeviceReport[]) =>
  Object.fromEntries(reports.map(({ name }) => [name, { lost: 0, stale: 0, diverged: 0 }]))

/**
 * The end of a crash scenario: a device that was never there starts (it reads everything from the
 * relay), then `settle` asks every device until they agree. The test asserts `outcome` equals `clean`;
 * `print` prints each device's lost and stale keys and the time they took to agree.
 */
export async function settleWithNewDevice(
  scenario: string,
  account: Awaited<ReturnType<typeof createAccountDevices>>,
  devices: readonly DeviceProcess[],
) {
  const fresh = account.device('new device')
  fresh.start()
  const freshReady = await fresh.ready()
  const all = [...devices, fresh]
  const { reports, truth, conflicts, settledMs } = await settle(all)
  return {
    freshReady,
    print() {
      printReports(scenario, reports, truth)
      printFigure(scenario, 'waited for the devices to agree', `${settledMs} ms`)
    },
    outcome: { conflicts, failures: all.flatMap((d) => d.failures), losses: lossCounts(reports) },
    clean: { conflicts: [], failures: [], losses: noLoss(reports) },
  }
}
