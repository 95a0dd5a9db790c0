import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import './nodeRealm.js'
import { Core } from '@walletconnect/core'
import type { CoreTypes } from '@walletconnect/types'

// Without this, cores with the same storage prefix in one process are one object, and a "restarted"
// device would get its old core back.
process.env.DISABLE_GLOBAL_CORE = 'true'

let sequence = 0

/** A started `@walletconnect/core` on the given relay, with its own storage prefix and file storage. */
export type TestCore = {
  core: InstanceType<typeof Core>
  /** Storage directory and prefix, to start a core again "after a restart". */
  dir: string
  prefix: string
  /** Closes the relay connection (once); the storage directory stays, for a restart. */
  close(): Promise<void>
}

export type StartTestCoreOptions = {
  /** Storage directory (default: a new temporary one). */
  dir?: string | undefined
  /** Storage prefix (default: a new unique one). */
  prefix?: string | undefined
  /** The core's logger (default `'silent'`). */
  logger?: CoreTypes.Options['logger']
  /** The core's storage (default: a file in `dir`), e.g. WalletConnect's React Native storage. */
  storage?: CoreTypes.Options['storage']
}

export async function startTestCore(
  relayUrl: string,
  { dir, prefix, logger = 'silent', storage }: StartTestCoreOptions = {},
): Promise<TestCore> {
  const storageDir = dir ?? mkdtempSync(join(tmpdir(), 'chatsync-core-'))
  const storagePrefix =
    prefix ?? `chatsync-test-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2)}`
  const core = new Core({
    relayUrl,
    projectId: 'chatsync-test',
    customStoragePrefix: storagePrefix,
    storageOptions: { database: join(storageDir, 'db') },
    ...(storage ? { storage } : {}),
    logger,
  })
  await core.start()
  let closed = false
  return {
    core,
    dir: storageDir,
    prefix: storagePrefix,
    async close() {
      if (closed) return
      closed = true
      await core.relayer.transportClose().catch(() => {})
      core.heartbeat.stop()
    },
  }
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true })
}

/** Publishes `message` as is on `topic`, the way a peer's relayer does (no client-side checks). */
export async function publishRaw(
  core: TestCore['core'],
  topic: string,
  message: string,
  tag = 5000,
  ttl = 2592000,
) {
  await core.relayer.request({
    method: 'irn_publish',
    params: { topic, message, ttl, tag, prompt: false },
  })
}

/**
 * What `core` receives through `relayer_message`, decoded, in arrival order, and a wait for the first
 * `count` of them.
 */
export function recordMessages(core: TestCore['core']) {
  const received: { topic: string; payload: unknown }[] = []
  const waiters = new Set<() => void>()
  core.relayer.on('relayer_message', async (event: { topic: string; message: string }) => {
    const payload = await core.crypto.decode(event.topic, event.message)
    received.push({ topic: event.topic, payload })
    for (const waiter of waiters) waiter()
  })
  return {
    received,
    /** Resolves once `count` messages were received (rejects after `timeoutMs`). */
    waitFor(count: number, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`received ${received.length} of ${count} messages`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
  }
}
