/*
 * One device as a process of its own, for the crash tests and the convergence test (`test/soak/`): a real
 * `@walletconnect/core` with file storage in a given directory and storage prefix, the sync engine on it,
 * and the account restored (or registered when nothing is kept). The parent kills it with SIGKILL
 * whenever it likes and starts it again on the same directory and prefix. Its clock may be off
 * (`clockOffsetMs`), its writes made through the client or a hook's mutation, its network cut.
 *
 *   node --import tsx packages/core/test/durability/device.ts '<DeviceConfig as JSON>'
 *
 * stdout carries one JSON line per event (`DeviceEvent`); stdin takes one JSON line per command
 * (`DeviceCommand`). Diagnostics go to stderr.
 */
import { promises as fsp } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { createInterface } from 'node:readline'
import { createWallet } from '@chatsync/test'
import { startTestCore } from '@chatsync/test/node'
import { createChatSync } from '../../src/engine/createChatSync.js'
import type { RetentionParameters } from '../../src/engine/retention.js'
import type { ChatSyncWriteResult } from '../../src/engine/types.js'
import { plannedChange } from './changePlan.js'
import { createStoreWrites, type StoreWriteCommand, type StoreWriteEvent } from './createStoreWrites.js'
import { type ConfirmedWrite, type DeviceState, digestOf, stateOf } from './deviceState.js'
import { shiftClock } from './shiftClock.js'

export type DeviceConfig = {
  relayUrl: string
  /** Storage directory and prefix of the core (the same on every start of one device). */
  dir: string
  prefix: string
  privateKey: `0x${string}`
  /**
   * Kill this process with SIGKILL inside its `nth` (1-based) file write of the storage
   * (`fs.promises.writeFile`, `appendFile` or `rename`): `before` the call (with the core's Node storage:
   * the key's file was removed and is not written yet), or `during` it (on the next turn after it began).
   * `engine`: only files that are not the core's own (`wc@2…` keys); `any`: every file of the storage.
   */
  killInWrite?: { nth: number; point: 'before' | 'during'; scope: 'engine' | 'any' } | undefined
  /** This device's wall clock is off by this much (`shiftClock`). */
  clockOffsetMs?: number | undefined
  /** The engine's retention (compressed in tests); the defaults without it. */
  retention?: RetentionParameters | undefined
}

export type DeviceCommand =
  /** Writes changes `from` … `from + count - 1` of the plan, one after the other, `intervalMs` apart. */
  | { cmd: 'write'; from: number; count: number; intervalMs: number }
  /** Prints the state. */
  | { cmd: 'dump' }
  /** One write, by the client or a hook's mutation (`createStoreWrites`). */
  | StoreWriteCommand
  /** The network goes down or up (the core's transport and TanStack's `onlineManager`). */
  | { cmd: 'network'; online: boolean }
  /** Prints what `client.inspect()` says of the account (status, relay, outbox). */
  | { cmd: 'inspect' }

export type DeviceEvent =
  | { type: 'ready'; restored: boolean; ms: number }
  /** A write counts as confirmed when its `saved` promise settles if the engine gives one, else `delivered`. */
  | ({ type: 'confirmed'; index: number; by: 'saved' | 'delivered' } & ConfirmedWrite)
  /** Every write of a `write` command was made (`set`/`delete` resolved). */
  | { type: 'written'; to: number }
  | { type: 'state'; status: string; state: DeviceState; errors: string[] }
  | { type: 'killing'; call: string; file: string; point: string; nth: number }
  | { type: 'failed'; message: string }
  | StoreWriteEvent

const send = (event: DeviceEvent) => {
  // stdout is a pipe: writes to it are synchronous on Linux, so a line is out before a SIGKILL.
  process.stdout.write(`${JSON.stringify(event)}\n`)
}

const config = JSON.parse(process.argv[2] ?? '{}') as DeviceConfig
shiftClock(config.clockOffsetMs ?? 0)
// One core per process anyway; as in the test kit, never a global one.
process.env.DISABLE_GLOBAL_CORE = 'true'
const started = performance.now()

if (config.killInWrite) {
  // The core's Node storage (`@walletconnect/keyvaluestorage` on unstorage's fs-lite driver) saves a key by
  // removing its file and then calling `fs.promises.writeFile`. The hook only adds the kill: every call
  // goes through unchanged. `appendFile` and `rename` count too, for a storage that appends to a journal
  // or writes a new file and then switches.
  const { nth, point, scope } = config.killInWrite
  const base = join(config.dir, 'db')
  const isEligible = (file: unknown) => {
    const inside = relative(base, String(file))
    return !inside.startsWith('..') && (scope === 'any' || !inside.split(sep)[0]?.startsWith('wc@2'))
  }
  let seen = 0
  for (const method of ['writeFile', 'appendFile', 'rename'] as const) {
    const original = fsp[method] as (...args: unknown[]) => Promise<void>
    ;(fsp as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (isEligible(args[0]) && ++seen === nth) {
        send({ type: 'killing', call: method, file: relative(base, String(args[0])), point, nth })
        if (point === 'before') process.kill(process.pid, 'SIGKILL')
        setImmediate(() => process.kill(process.pid, 'SIGKILL'))
      }
      return original.apply(fsp, args)
    }
  }
}

process.on('unhandledRejection', (error) => {
  send({ type: 'failed', message: `unhandled rejection: ${String(error)}` })
})

const testCore = await startTestCore(config.relayUrl, { dir: config.dir, prefix: config.prefix })
const client = createChatSync({ core: testCore.core, retention: config.retention })
const errors: string[] = []
client.on('error', ({ error }) => errors.push(error.name))
const wallet = await createWallet(config.privateKey)
const { account } = wallet
const restored = await client.restore({ account })
if (!restored) await client.register(wallet)
if (client.getSnapshot({ account }).status !== 'ready') {
  await new Promise<void>((resolve) => {
    const off = client.on('ready', (event) => {
      if (event.account !== account) return
      off()
      resolve()
    })
    if (client.getSnapshot({ account }).status === 'ready') resolve()
  })
}
send({ type: 'ready', restored, ms: Math.round(performance.now() - started) })
const storeWrites = createStoreWrites({ client, core: testCore.core, account, send })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function write(from: number, count: number, intervalMs: number) {
  for (let index = from; index < from + count; index++) {
    const change = plannedChange(index)
    const { store } = change
    let result: ChatSyncWriteResult & { saved?: Promise<unknown> }
    if (change.op === 'set') {
      // biome-ignore lint/suspicious/noExplicitAny: the store id and its payload type vary together here.
      result = await client.set({ account, store, value: change.value } as any)
    } else {
      result = await client.delete({ account, store, key: change.key })
    }
    const { key, id } = result
    const entries = client.getSnapshot({ account }).stores[store].entries
    const confirmed: ConfirmedWrite = {
      store,
      key,
      id,
      digest: digestOf(Object.hasOwn(entries, key) ? entries[key] : undefined),
    }
    const saved = result.saved
    const by = saved instanceof Promise ? 'saved' : 'delivered'
    ;(saved instanceof Promise ? saved : result.delivered).then(
      () => send({ type: 'confirmed', index, by, ...confirmed }),
      () => {},
    )
    if (intervalMs > 0) await sleep(intervalMs)
    else if (index % 20 === 19) await sleep(0)
  }
  send({ type: 'written', to: from + count })
}

let queue = Promise.resolve()
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  const command = JSON.parse(line) as DeviceCommand
  queue = queue.then(async () => {
    try {
      if (command.cmd === 'write') await write(command.from, command.count, command.intervalMs)
      else if (command.cmd === 'dump') {
        const { status } = client.getSnapshot({ account })
        send({ type: 'state', status, state: stateOf(client, account), errors })
      } else if (command.cmd === 'set' || command.cmd === 'delete') await storeWrites.write(command)
      else if (command.cmd === 'network') await storeWrites.network(command.online)
      else if (command.cmd === 'inspect') storeWrites.inspect()
    } catch (error) {
      send({
        type: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      })
    }
  })
})
// The parent closing stdin means it is done with this device: shut down cleanly.
lines.on('close', () => {
  void queue.then(async () => {
    await client.destroy()
    await testCore.close()
    process.exit(0)
  })
})
