import { payloads } from '@chatsync/test'
import type { Cleanup } from '@chatsync/test/node'
import type { RetentionParameters } from '../../src/engine/retention.js'
import { CHAT_STORES } from '../../src/stores/catalogue.js'
import { createAccountDevices, sleep } from '../durability/crashKit.js'
import type { StoreWriteVia } from '../durability/createStoreWrites.js'
import type { DeviceProcess } from '../durability/deviceProcess.js'
import type { DeviceState } from '../durability/deviceState.js'
import { findDivergences, type SoakWrite } from './soakModel.js'

/**
 * `real`: the engine's default retention (30 days), clocks off by up to 10 minutes. `compressed`: the
 * retention in seconds (so that sleeping past the ttl or the tombstone horizon fits in a test), and
 * clocks off by at most an eighth of the ttl, the same proportion of it as minutes are of 30 days at most.
 */
export type SoakTimescale = 'real' | 'compressed'

/** Tombstones keep the engine's default: refreshed for as long as the account lives. */
export const COMPRESSED_RETENTION = { ttlSeconds: 4, refreshAfterSeconds: 2 }

/**
 * What a finite tombstone horizon would be at this scale (three ttls): devices sleep past it plus the ttl,
 * where a delete made before would have left the relay for good.
 */
export const COMPRESSED_HORIZON_SECONDS = 3 * COMPRESSED_RETENTION.ttlSeconds

/** The largest clock offset of a device, in ms. */
export const maxClockOffsetMs = (timescale: SoakTimescale) =>
  timescale === 'real' ? 10 * 60_000 : (COMPRESSED_RETENTION.ttlSeconds * 1000) / 8

export type SoakStore = 'threads' | 'sentInvites'

/** Key `k` of `store` at revision `revision`: the key stays, every revision is another value. */
export function soakValue(store: SoakStore, k: number, revision: number) {
  return store === 'threads'
    ? payloads.thread(k, { symKey: payloads.thread(1_000_000 + revision).symKey })
    : payloads.sentInvite(k, { message: `revision ${revision}` })
}

export const soakKey = (store: SoakStore, k: number) =>
  (CHAT_STORES[store].keyOf as (value: unknown) => string)(soakValue(store, k, 0))

/** How long a schedule's end may take: reaching quiet, then agreeing. */
const QUIET_MS = 30_000
const AGREE_MS = 10_000
/** A hook write resolves once saved, offline or not: milliseconds; this is a generous bound. */
export const HOOK_DEADLINE_MS = 5_000

export type SoakWorld = Awaited<ReturnType<typeof createSoakWorld>>

/**
 * The real system of one schedule: a dev relay that keeps its messages in a directory (stopped and
 * started on the same port), and device processes of one account (`durability/device.ts`: a real
 * `@walletconnect/core` with file storage and the engine), each with its own clock.
 */
export async function createSoakWorld(parameters: {
  cleanup: Cleanup
  timescale: SoakTimescale
  clockOffsetsMs: readonly number[]
}) {
  const { cleanup, timescale } = parameters
  const retention: RetentionParameters | undefined =
    timescale === 'compressed' ? COMPRESSED_RETENTION : undefined
  const relay = await cleanup.restartableRelay(
    retention ? { maxTtlSeconds: COMPRESSED_RETENTION.ttlSeconds } : {},
  )
  const account = await createAccountDevices(cleanup, relay.url)
  // The schedule is over: SIGKILL rather than a clean stop of each (the next step removes their storage).
  cleanup.add(() => Promise.all(account.devices.map((device) => device.kill())).then(() => {}))
  const devices: DeviceProcess[] = []
  /** Devices whose network the schedule took down (a process starts with it up). */
  const offline = new Set<DeviceProcess>()
  let relayUp = true
  let nextRef = 0

  const addDevice = (clockOffsetMs: number) => {
    const device = account.device(`d${devices.length}`, { options: { clockOffsetMs, retention } })
    devices.push(device)
    device.start()
    return device
  }
  await Promise.all(parameters.clockOffsetsMs.map((offset) => addDevice(offset).ready()))

  const at = (slot: number) => devices[slot] as DeviceProcess
  const savedRefs = (device: DeviceProcess) => new Set(device.confirmed.map((event) => event.index))

  async function network(device: DeviceProcess, online: boolean) {
    const done = device.next('network', (event) => event.online === online, 30_000)
    device.send({ cmd: 'network', online })
    await done
    if (online) offline.delete(device)
    else offline.add(device)
  }

  async function write(parameters: {
    slot: number
    op: 'set' | 'delete'
    store: SoakStore
    k: number
    via: StoreWriteVia
  }): Promise<SoakWrite> {
    const { slot, op, store, k, via } = parameters
    const device = at(slot)
    const ref = ++nextRef
    const hook = via !== 'client'
    const made = device.next('made', (event) => event.ref === ref, hook ? HOOK_DEADLINE_MS : 30_000)
    const paused = device.next('mutation', (event) => event.ref === ref && event.isPaused, HOOK_DEADLINE_MS)
    paused.catch(() => {})
    device.send(
      op === 'set'
        ? { cmd: 'set', ref, store, value: soakValue(store, k, ref), via }
        : { cmd: 'delete', ref, store, key: soakKey(store, k), via },
    )
    let event: Awaited<typeof made>
    try {
      event = await made
    } catch (error) {
      const wasPaused = await paused.then(
        () => true,
        () => false,
      )
      throw new Error(
        wasPaused
          ? `${device.name}: a ${op} through a hook's mutation${via === 'hook-offline' ? ' while onlineManager said offline' : ''} did not resolve within ${HOOK_DEADLINE_MS} ms: TanStack paused it (isPaused), so the engine never got it`
          : `${device.name}: ${op} r${ref} was not taken: ${String(error)}`,
      )
    }
    const label = `${store}#${k}`
    const { id, digest, key } = event
    const saved = hook
    return { ref, device: device.name, store, key, label, op, via, id, digest, cut: false, saved }
  }

  /** Every device's state, after waiting for quiet: relay up, everyone online, ready, outboxes empty. */
  async function quietStates(list: readonly DeviceProcess[], deadline: number) {
    for (;;) {
      const inspections = await Promise.all(
        list.map(async (device) => {
          const inspection = device.next('inspection', undefined, 30_000)
          device.send({ cmd: 'inspect' })
          return { device, ...(await inspection) }
        }),
      )
      const noisy = inspections.filter((i) => i.status !== 'ready' || !i.connected || i.outbox > 0)
      if (noisy.length === 0) return { quiet: true, noisy: [] }
      if (performance.now() > deadline) {
        const why = noisy.map(
          (i) =>
            `${i.device.name}: ${i.status}, connected ${i.connected}, outbox ${i.outbox} (${i.detail}), catch-up ${i.catchUp}`,
        )
        return { quiet: false, noisy: why }
      }
      await sleep(250)
    }
  }

  /** Waits until every device of `list` equals the model, or the deadline: the divergences left. */
  async function agree(list: readonly DeviceProcess[], writes: readonly SoakWrite[]) {
    const quiet = await quietStates(list, performance.now() + QUIET_MS)
    const deadline = performance.now() + AGREE_MS
    for (;;) {
      const states: { name: string; state: DeviceState }[] = []
      for (const device of list) states.push({ name: device.name, state: (await device.dump()).state })
      const divergences = findDivergences(writes, states)
      if (divergences.length === 0 || performance.now() > deadline) return { divergences, quiet }
      await sleep(250)
    }
  }

  return {
    timescale,
    retention,
    get devices(): readonly DeviceProcess[] {
      return devices
    },
    write,
    network: (slot: number, online: boolean) => network(at(slot), online),
    /** SIGKILL; resolves with the refs of the writes whose `saved` it reported before. */
    async kill(slot: number) {
      await at(slot).kill()
      offline.delete(at(slot))
      return savedRefs(at(slot))
    },
    async restart(slot: number) {
      at(slot).start()
      await at(slot).ready()
    },
    async relayDown() {
      relayUp = false
      await relay.stop()
    },
    async relayUp() {
      await relay.restart()
      relayUp = true
    },
    async join(clockOffsetMs: number) {
      await addDevice(clockOffsetMs).ready()
    },
    /**
     * The schedule's end: the relay up, every device running and online; then every device, and a
     * brand-new one, must equal the model. Nothing is repaired here: devices are only asked.
     */
    async finish(writes: SoakWrite[]) {
      const started = performance.now()
      if (!relayUp) await this.relayUp()
      const killed = devices.filter((device) => !device.running)
      for (const device of killed) device.start()
      await Promise.all(killed.map((device) => device.ready()))
      for (const device of [...offline]) await network(device, true)
      const before = await agree(devices, writes)
      const settleMs = Math.round(performance.now() - started)
      // A `saved` settles once the device's storage has the write: moments after the write, or after the
      // save in progress (longer on a loaded machine).
      const savedBy = performance.now() + AGREE_MS
      for (;;) {
        for (const write of writes) {
          const device = devices.find((d) => d.name === write.device)
          if (device && savedRefs(device).has(write.ref)) write.saved = true
        }
        if (writes.every((write) => write.cut || write.saved) || performance.now() > savedBy) break
        await sleep(100)
      }
      const failures = () => account.devices.flatMap((d) => d.failures.map((f) => `${d.name}: ${f}`))
      const unsaved = writes.filter((write) => !write.cut && !write.saved)
      // Never quiet (a device that does not reconnect): what a new device would see adds nothing.
      if (!before.quiet.quiet) {
        const { divergences, quiet } = before
        return { settleMs, divergences, noisy: quiet.noisy, unsaved, failures: failures() }
      }
      const fresh = account.device('new device', { options: { retention } })
      fresh.start()
      await fresh.ready()
      const after = await agree([...devices, fresh], writes)
      return {
        settleMs,
        divergences: [
          ...before.divergences,
          ...after.divergences.filter(
            (d) =>
              !before.divergences.some((b) => b.device === d.device && b.key === d.key && b.held === d.held),
          ),
        ],
        noisy: after.quiet.noisy,
        unsaved,
        failures: failures(),
      }
    },
  }
}

export type SoakVerdict = Awaited<ReturnType<SoakWorld['finish']>>
