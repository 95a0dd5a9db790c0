import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import './nodeRealm.js'

const { Core } = await import('@walletconnect/core')

let sequence = 0

/** A started `@walletconnect/core` on `relayUrl` with its own storage prefix and file storage directory. */
export async function startTestCore(relayUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'chatsync-react-'))
  const core = new Core({
    relayUrl,
    projectId: 'chatsync-react-test',
    customStoragePrefix: `chatsync-react-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2)}`,
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  await core.start()
  return {
    core,
    async close() {
      await core.relayer.transportClose().catch(() => {})
      core.heartbeat.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
