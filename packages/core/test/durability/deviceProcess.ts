import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { DeviceCommand, DeviceConfig, DeviceEvent } from './device.js'
import type { ConfirmedWrite, DeviceState } from './deviceState.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

let program: Promise<string> | undefined

/**
 * `device.ts` and the engine's sources bundled into one file (dependencies stay in node_modules), built
 * once per test file: a device starts in about a second, half of what a TypeScript loader costs, and a
 * crash test restarts devices dozens of times. The workspace packages resolve to their sources, as in
 * vitest (`vitest.shared.ts`).
 */
export function deviceProgram(): Promise<string> {
  program ??= (async () => {
    // Inside the package, so that the bundle's imports resolve to the package's dependencies.
    const outDir = here('../../.tmp/durability/')
    mkdirSync(outDir, { recursive: true })
    const outfile = join(outDir, `device-${process.pid}-${Date.now()}.mjs`)
    await build({
      entryPoints: [here('./device.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: {
        '@chatsync/core': here('../../src/index.ts'),
        '@chatsync/core/internal': here('../../src/internal.ts'),
        '@chatsync/dev-relay': here('../../../dev-relay/src/index.ts'),
        '@chatsync/test': here('../../../test/src/index.ts'),
        '@chatsync/test/node': here('../../../test/src/node/index.ts'),
      },
      logLevel: 'warning',
    })
    return outfile
  })()
  return program
}

/** Removes the bundle (`afterAll` of each test file). */
export async function removeDeviceProgram() {
  if (!program) return
  const file = await program.catch(() => undefined)
  program = undefined
  if (file) rmSync(file, { force: true })
}

type Confirmed = Extract<DeviceEvent, { type: 'confirmed' }>

/**
 * A device process (`device.ts`) and what it reported. `start()` runs it again on the same directory and
 * prefix after a kill, as a restarted app would.
 */
export type DeviceProcess = {
  readonly name: string
  readonly dir: string
  readonly prefix: string
  /** Confirmed writes over every run of this device, in the order reported. */
  readonly confirmed: Confirmed[]
  /** `failed` events (an unhandled rejection, a command that threw), over every run. */
  readonly failures: string[]
  /** Each start's `ready` event, and how each run ended. */
  readonly runs: { ready?: Extract<DeviceEvent, { type: 'ready' }>; exit?: string; killing?: string }[]
  /** Starts the process; resolves once it spawned (not once ready). */
  start(options?: Pick<DeviceConfig, 'killInWrite'>): void
  /** What every start of this device is given (its clock, its retention). */
  readonly options: DeviceOptions
  /** Resolves with the current run's `ready`; rejects if the process exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<Extract<DeviceEvent, { type: 'ready' }>>
  readonly running: boolean
  send(command: DeviceCommand): void
  /** The state it holds now (it must be ready). */
  dump(timeoutMs?: number): Promise<{ status: string; state: DeviceState; errors: string[] }>
  /** Waits for the next event of `type` that satisfies `predicate`, rejecting if the process exits first. */
  next<T extends DeviceEvent['type']>(
    type: T,
    predicate?: (event: Extract<DeviceEvent, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<DeviceEvent, { type: T }>>
  /**
   * Resolves once `condition()` holds, checked now and after each event of this device; rejects if the
   * process exits first or after `timeoutMs`.
   */
  until(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>
  /** The highest `to` of a `written` event of the current run (0 before any). */
  readonly writtenTo: number
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>
  /** Resolves once the current run has exited (with how). */
  exited(): Promise<string>
  /** Closes stdin (the device shuts down cleanly) or kills it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>
}

/** What a device is, start after start: its clock and its engine's retention. */
export type DeviceOptions = Pick<DeviceConfig, 'clockOffsetMs' | 'retention'>

export type CreateDeviceProcessParameters = {
  /** What `deviceProgram()` resolved with. */
  programFile: string
  name: string
  relayUrl: string
  privateKey: `0x${string}`
  dir?: string
  prefix?: string
  options?: DeviceOptions
}

export function createDeviceProcess({
  programFile,
  name,
  relayUrl,
  privateKey,
  dir = mkdtempSync(join(tmpdir(), `chatsync-crash-${name}-`)),
  prefix = `crash-${name}`,
  options: deviceOptions = {},
}: CreateDeviceProcessParameters): DeviceProcess {
  let child: ChildProcessWithoutNullStreams | undefined
  let exit: Promise<string> = Promise.resolve('not started')
  const confirmed: Confirmed[] = []
  const runs: DeviceProcess['runs'] = []
  const failures: string[] = []
  type Waiter = {
    match(event: DeviceEvent): boolean
    resolve(event: DeviceEvent): void
    reject(error: Error): void
  }
  let waiters: Waiter[] = []
  let stderr = ''
  let writtenTo = 0

  const onEvent = (event: DeviceEvent) => {
    const run = runs.at(-1)
    if (event.type === 'confirmed') confirmed.push(event)
    if (event.type === 'failed') failures.push(event.message)
    if (event.type === 'written') writtenTo = Math.max(writtenTo, event.to)
    if (event.type === 'ready' && run) run.ready = event
    if (event.type === 'killing' && run) run.killing = `${event.point} ${event.call} ${event.file}`
    for (const waiter of waiters.slice()) {
      if (waiter.match(event)) {
        waiters = waiters.filter((w) => w !== waiter)
        waiter.resolve(event)
      }
    }
  }

  const wait = (match: (event: DeviceEvent) => boolean, what: string, timeoutMs: number) => {
    if (!child) return Promise.reject(new Error(`${name} is not running`))
    return new Promise<DeviceEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter)
        reject(new Error(`${name}: no ${what} within ${timeoutMs} ms`))
      }, timeoutMs)
      const waiter: Waiter = {
        match,
        resolve: (event) => {
          clearTimeout(timer)
          resolve(event)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      waiters.push(waiter)
    })
  }

  const process_: DeviceProcess = {
    name,
    dir,
    prefix,
    confirmed,
    failures,
    runs,
    options: deviceOptions,
    get running() {
      return child !== undefined
    },
    get writtenTo() {
      return writtenTo
    },
    start(options = {}) {
      if (child) throw new Error(`${name} is already running`)
      const config: DeviceConfig = { relayUrl, dir, prefix, privateKey, ...deviceOptions, ...options }
      stderr = ''
      writtenTo = 0
      const spawned = spawn(process.execPath, [programFile, JSON.stringify(config)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      child = spawned
      const run: DeviceProcess['runs'][number] = {}
      runs.push(run)
      spawned.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-4000)
      })
      createInterface({ input: spawned.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return
        onEvent(JSON.parse(line) as DeviceEvent)
      })
      exit = new Promise((resolve) => {
        // `close`, not `exit`: every line it printed has been read by then.
        spawned.on('close', (code, signal) => {
          if (child === spawned) child = undefined
          run.exit = signal ?? `exit ${code}`
          const why = new Error(`${name} exited (${run.exit}) ${stderr.trim().slice(-1500)}`)
          for (const waiter of waiters.splice(0)) waiter.reject(why)
          resolve(run.exit)
        })
      })
    },
    ready(timeoutMs = 60_000) {
      const run = runs.at(-1)
      if (run?.ready) return Promise.resolve(run.ready)
      return process_.next('ready', undefined, timeoutMs)
    },
    send(command) {
      if (!child) throw new Error(`${name} is not running`)
      child.stdin.write(`${JSON.stringify(command)}\n`)
    },
    async dump(timeoutMs = 30_000) {
      const answer = process_.next('state', undefined, timeoutMs)
      process_.send({ cmd: 'dump' })
      const { status, state, errors } = await answer
      return { status, state, errors }
    },
    next(type, predicate, timeoutMs = 60_000) {
      return wait(
        // biome-ignore lint/suspicious/noExplicitAny: narrowed by `type` above.
        (event) => event.type === type && (!predicate || predicate(event as any)),
        `${type}`,
        timeoutMs,
        // biome-ignore lint/suspicious/noExplicitAny: narrowed by `type` above.
      ) as any
    },
    async until(condition, what, timeoutMs = 60_000) {
      if (condition()) return
      await wait(() => condition(), what, timeoutMs)
    },
    async kill() {
      child?.kill('SIGKILL')
      await exit
    },
    exited: () => exit,
    async stop(timeoutMs = 10_000) {
      if (!child) return
      child.stdin.end()
      const timer = setTimeout(() => child?.kill('SIGKILL'), timeoutMs)
      await exit
      clearTimeout(timer)
    },
  }
  return process_
}

/** Every write confirmed by `device`, as `ConfirmedWrite`s. */
export const confirmedWrites = (device: DeviceProcess): ConfirmedWrite[] =>
  device.confirmed.map(({ store, key, id, digest }) => ({ store, key, id, digest }))
