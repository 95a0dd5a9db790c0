import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevRelayLimits, startDevRelay } from '@chatsync/dev-relay'
import type { TestDevice } from './startDevice.js'
import { removeDir, type TestCore } from './startTestCore.js'

/** A relay that keeps its message log in a directory and can stop and come back on the same port. */
export type RestartableRelay = {
  readonly url: string
  stop(): Promise<void>
  restart(): Promise<void>
}

/**
 * Clean-up steps of a test file, run last first (`afterEach(cleanup.run)` or `afterAll(cleanup.run)`):
 * devices and cores to shut down, relays to close, directories to remove.
 */
export function createCleanup() {
  const steps: (() => Promise<void> | void)[] = []
  const add = (step: () => Promise<void> | void) => {
    steps.push(step)
  }
  return {
    add,
    async run() {
      for (const step of steps.splice(0).reverse()) await step()
    },
    /** Shuts `device` down after the test and removes its storage (unless `keepDir`). */
    track<T extends TestDevice>(device: T, { keepDir = false } = {}): T {
      add(async () => {
        await device.shutdown()
        if (!keepDir) removeDir(device.dir)
      })
      return device
    },
    /** Closes `core` after the test and removes its storage (unless `keepDir`). */
    trackCore<T extends TestCore>(core: T, { keepDir = false } = {}): T {
      add(async () => {
        await core.close()
        if (!keepDir) removeDir(core.dir)
      })
      return core
    },
    /**
     * A relay that keeps its message log in a directory and can stop and come back on the same port, as a
     * restarted relay server would; `limits` (e.g. a compressed `maxTtlSeconds`) hold across restarts.
     */
    async restartableRelay(limits: DevRelayLimits = {}): Promise<RestartableRelay> {
      const dataDir = mkdtempSync(join(tmpdir(), 'chatsync-relay-'))
      let relay = await startDevRelay({ ...limits, port: 0, dataDir })
      const { port } = relay
      let running = true
      add(async () => {
        if (running) await relay.close()
        removeDir(dataDir)
      })
      return {
        get url() {
          return relay.url
        },
        async stop() {
          running = false
          await relay.close()
        },
        async restart() {
          relay = await startDevRelay({ ...limits, port, dataDir })
          running = true
        },
      }
    },
  }
}

export type Cleanup = ReturnType<typeof createCleanup>
