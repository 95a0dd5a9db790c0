import fc from 'fast-check'
import type { StoreWriteVia } from '../durability/createStoreWrites.js'
import {
  COMPRESSED_HORIZON_SECONDS,
  COMPRESSED_RETENTION,
  maxClockOffsetMs,
  type SoakStore,
  type SoakTimescale,
  type SoakWorld,
} from './createSoakWorld.js'
import type { SoakWrite } from './soakModel.js'
import type { FaultKind, SoakStats } from './soakStats.js'

/** What the commands' preconditions read, and the writes the engine answered (the model's input). */
export type SoakModel = {
  timescale: SoakTimescale
  devices: { running: boolean; online: boolean }[]
  relayUp: boolean
  writes: SoakWrite[]
}
export type SoakReal = { world: SoakWorld; stats: SoakStats }
type SoakCommand = fc.AsyncCommand<SoakModel, SoakReal>

/** Devices of one account at most, late joiners included (a brand-new one checks the end on top). */
export const MAX_DEVICES = 5
/** Keys per store: few, so that devices write the same keys. */
const KEYS = 3

const fault = (real: SoakReal, kind: FaultKind) => {
  real.stats.faults[kind]++
}
const running = (model: SoakModel, slot: number) => model.devices[slot]?.running === true

/** A clock offset from a per-mille of the timescale's largest (so that it shrinks towards 0). */
export const clockOffsetOf = (timescale: SoakTimescale, perMille: number | null) =>
  perMille === null ? 0 : Math.round((perMille / 1000) * maxClockOffsetMs(timescale))

class Write implements SoakCommand {
  constructor(
    readonly slot: number,
    readonly op: 'set' | 'delete',
    readonly store: SoakStore,
    readonly k: number,
    readonly via: StoreWriteVia,
  ) {}
  check = (model: Readonly<SoakModel>) => running(model, this.slot)
  async run(model: SoakModel, real: SoakReal) {
    const { slot, op, store, k, via } = this
    const offline = via === 'hook-offline' || (via === 'hook' && !model.devices[slot]?.online)
    if (offline) fault(real, 'hook write while offline')
    real.stats.writes[via === 'client' ? 'client' : 'hook']++
    model.writes.push(await real.world.write({ slot, op, store, k, via }))
  }
  toString = () =>
    `${this.op} d${this.slot} ${this.store}#${this.k}${this.via === 'client' ? '' : ` (${this.via})`}`
}

class Network implements SoakCommand {
  constructor(
    readonly slot: number,
    readonly online: boolean,
  ) {}
  check = (model: Readonly<SoakModel>) =>
    running(model, this.slot) && model.devices[this.slot]?.online === !this.online
  async run(model: SoakModel, real: SoakReal) {
    if (!this.online) fault(real, 'network down (transport closed, onlineManager offline)')
    await real.world.network(this.slot, this.online)
    ;(model.devices[this.slot] as SoakModel['devices'][number]).online = this.online
  }
  toString = () => `${this.online ? 'online' : 'offline'} d${this.slot}`
}

class Kill implements SoakCommand {
  constructor(readonly slot: number) {}
  check = (model: Readonly<SoakModel>) => running(model, this.slot)
  async run(model: SoakModel, real: SoakReal) {
    fault(real, 'SIGKILL of a device')
    const saved = await real.world.kill(this.slot)
    const name = real.world.devices[this.slot]?.name
    for (const write of model.writes) {
      if (write.device !== name) continue
      if (saved.has(write.ref)) write.saved = true
      else if (!write.saved) write.cut = true
    }
    model.devices[this.slot] = { running: false, online: true }
  }
  toString = () => `kill d${this.slot}`
}

class Restart implements SoakCommand {
  constructor(readonly slot: number) {}
  check = (model: Readonly<SoakModel>) =>
    model.relayUp && model.devices[this.slot] !== undefined && !running(model, this.slot)
  async run(model: SoakModel, real: SoakReal) {
    fault(real, 'restart of a killed device')
    await real.world.restart(this.slot)
    model.devices[this.slot] = { running: true, online: true }
  }
  toString = () => `restart d${this.slot}`
}

class Relay implements SoakCommand {
  constructor(readonly up: boolean) {}
  check = (model: Readonly<SoakModel>) => model.relayUp === !this.up
  async run(model: SoakModel, real: SoakReal) {
    if (this.up) {
      fault(real, 'relay restart')
      await real.world.relayUp()
    } else await real.world.relayDown()
    model.relayUp = this.up
  }
  toString = () => `relay ${this.up ? 'up' : 'down'}`
}

class Wait implements SoakCommand {
  constructor(readonly ms: number) {}
  check = () => true
  run = () => new Promise<void>((resolve) => setTimeout(resolve, this.ms))
  toString = () => `wait ${this.ms} ms`
}

/**
 * Sleeps past the ttl, or past where a finite tombstone horizon would be and the ttl after it (compressed
 * retention only).
 */
class Expire implements SoakCommand {
  constructor(readonly past: 'ttl' | 'horizon') {}
  check = (model: Readonly<SoakModel>) => model.timescale === 'compressed'
  async run(_model: SoakModel, real: SoakReal) {
    const { ttlSeconds } = COMPRESSED_RETENTION
    fault(real, this.past === 'ttl' ? 'sleep past the ttl' : 'sleep past the tombstone horizon')
    const seconds = this.past === 'ttl' ? ttlSeconds + 1 : COMPRESSED_HORIZON_SECONDS + ttlSeconds + 1
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  }
  toString = () => `sleep past the ${this.past === 'ttl' ? 'ttl' : 'tombstone horizon'}`
}

class Join implements SoakCommand {
  constructor(readonly perMille: number | null) {}
  check = (model: Readonly<SoakModel>) => model.relayUp && model.devices.length < MAX_DEVICES
  async run(model: SoakModel, real: SoakReal) {
    const offset = clockOffsetOf(model.timescale, this.perMille)
    fault(real, 'device joining late')
    if (offset !== 0) fault(real, 'device with its clock off')
    await real.world.join(offset)
    model.devices.push({ running: true, online: true })
  }
  toString = () => `join${this.perMille === null ? '' : ` (clock ${this.perMille}‰ of the largest offset)`}`
}

const weighted = <T>(...items: [number, T][]) =>
  fc.oneof(...items.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })))
const slot = fc.nat({ max: MAX_DEVICES - 1 })
/** A clock off by a per-mille of the largest offset, or (half the time) on time. */
export const clockPerMille = fc.option(fc.integer({ min: -1000, max: 1000 }), { freq: 2 })

/** The random set-up of a schedule: its timescale, and the clocks of the devices there from the start. */
export const soakSetup = fc.record({
  timescale: fc.constantFrom<SoakTimescale>('real', 'compressed'),
  clocks: fc.array(clockPerMille, { minLength: 3, maxLength: 4 }),
})

/** The random commands of a schedule: writes, and faults of every kind. */
export function soakCommands({
  maxCommands,
  replayPath,
}: {
  maxCommands: number
  replayPath?: string | undefined
}) {
  const write = fc
    .tuple(
      slot,
      weighted<'set' | 'delete'>([2, 'set'], [1, 'delete']),
      fc.constantFrom<SoakStore>('threads', 'sentInvites'),
      fc.nat({ max: KEYS - 1 }),
      weighted<StoreWriteVia>([4, 'client'], [1, 'hook'], [1, 'hook-offline']),
    )
    .map(([s, op, store, k, via]) => new Write(s, op, store, k, via))
  const command: fc.Arbitrary<SoakCommand> = fc.oneof(
    { weight: 40, arbitrary: write },
    { weight: 8, arbitrary: slot.map((s) => new Network(s, false)) },
    { weight: 8, arbitrary: slot.map((s) => new Network(s, true)) },
    { weight: 4, arbitrary: slot.map((s) => new Kill(s)) },
    { weight: 4, arbitrary: slot.map((s) => new Restart(s)) },
    { weight: 2, arbitrary: fc.constant(new Relay(false)) },
    { weight: 3, arbitrary: fc.constant(new Relay(true)) },
    { weight: 6, arbitrary: fc.integer({ min: 100, max: 2000 }).map((ms) => new Wait(ms)) },
    {
      weight: 2,
      arbitrary: weighted<'ttl' | 'horizon'>([2, 'ttl'], [1, 'horizon']).map((p) => new Expire(p)),
    },
    { weight: 3, arbitrary: clockPerMille.map((p) => new Join(p)) },
  )
  return fc.commands([command], { maxCommands, size: 'max', replayPath })
}

/** The model before the first command: the set-up's devices running and online, the relay up. */
export const initialModel = (setup: { timescale: SoakTimescale; clocks: readonly unknown[] }): SoakModel => ({
  timescale: setup.timescale,
  devices: setup.clocks.map(() => ({ running: true, online: true })),
  relayUp: true,
  writes: [],
})
