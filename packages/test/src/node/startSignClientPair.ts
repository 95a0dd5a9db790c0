import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignClient } from '@walletconnect/sign-client'
import './nodeRealm.js'
import { removeDir } from './startTestCore.js'

export type TestSignClient = Awaited<ReturnType<typeof SignClient.init>>

/** A dapp's and a wallet's `SignClient` on one relay, to pair and open a Sign API session between. */
export type SignClientPair = {
  dapp: TestSignClient
  wallet: TestSignClient
  /** Closes both clients' relay connections, removes their storage and turns the test switch back. */
  close(): Promise<void>
}

/**
 * Starts a dapp's and a wallet's `SignClient` on `relayUrl`, each with storage of its own. Until `close()`,
 * sign-client's test switch (`IS_VITEST`) is on: the Verify API is online only, and under the switch
 * sign-client skips it instead of waiting on fetches.
 */
export async function startSignClientPair(
  relayUrl: string,
  { projectId = 'chatsync-test' }: { projectId?: string } = {},
): Promise<SignClientPair> {
  // Loaded here, not with the entry: most tests that use the kit have no Sign API client.
  const { SignClient } = await import('@walletconnect/sign-client')
  const previousIsVitest = process.env.IS_VITEST
  process.env.IS_VITEST = 'true'
  const dirs: string[] = []
  const clients: TestSignClient[] = []
  const init = async (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `chatsync-sign-${name}-`))
    dirs.push(dir)
    const client = await SignClient.init({
      projectId,
      relayUrl,
      customStoragePrefix: `${name}-${randomUUID()}`,
      logger: 'silent',
      telemetryEnabled: false,
      storageOptions: { database: join(dir, 'db') },
      metadata: { name, description: name, url: 'http://127.0.0.1', icons: [] },
    })
    clients.push(client)
    return client
  }
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    // A provider destroys the client it made a turn after it unmounts, and that writes to storage: the
    // storage's writes run one after another, so one more write settles once those are done.
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (const client of clients) {
      await client.core.storage.setItem('chatsync-test//drained', true).catch(() => {})
      await client.core.relayer.transportClose().catch(() => {})
      client.core.heartbeat.stop()
    }
    for (const dir of dirs) removeDir(dir)
    if (previousIsVitest === undefined) delete process.env.IS_VITEST
    else process.env.IS_VITEST = previousIsVitest
  }
  try {
    return { dapp: await init('dapp'), wallet: await init('wallet'), close }
  } catch (error) {
    await close()
    throw error
  }
}
