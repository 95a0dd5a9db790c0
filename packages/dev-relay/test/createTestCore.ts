import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Core } from '@walletconnect/core'
import type { ICore } from '@walletconnect/types'

export type TestCore = {
  core: ICore
  /** Messages seen through `relayer_message`, decoded, in arrival order. */
  received: { topic: string; payload: unknown }[]
  /** Resolves once `count` messages were received. */
  waitFor(count: number, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

/** A real `@walletconnect/core` client against `relayUrl`, with its own storage (reusable through `storageDir`). */
export async function createTestCore({
  relayUrl,
  storageDir = mkdtempSync(join(tmpdir(), 'dev-relay-core-')),
  prefix = randomUUID(),
}: {
  relayUrl: string
  storageDir?: string
  prefix?: string
}): Promise<TestCore & { storageDir: string; prefix: string }> {
  // Core keeps one instance per prefix on globalThis; a restarted client must be a new object on the same storage.
  const globalKey = `_walletConnectCore_${prefix}`
  const globals = globalThis as Record<string, unknown>
  delete globals[globalKey]
  delete globals[`${globalKey}_count`]
  const core = new Core({
    projectId: 'dev-relay-test',
    relayUrl,
    customStoragePrefix: prefix,
    logger: 'silent',
    storageOptions: { database: join(storageDir, 'db') },
  })
  await core.start()
  const received: { topic: string; payload: unknown }[] = []
  const waiters = new Set<() => void>()
  core.relayer.on('relayer_message', async (event: { topic: string; message: string }) => {
    const payload = await core.crypto.decode(event.topic, event.message)
    received.push({ topic: event.topic, payload })
    for (const waiter of waiters) waiter()
  })
  return {
    core,
    received,
    storageDir,
    prefix,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
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
    async stop() {
      await core.relayer.transportClose()
      core.heartbeat.stop()
    },
  }
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true })
}
