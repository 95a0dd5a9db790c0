import { type ChatSyncClient, type CreateChatSyncParameters, createChatSync } from '@chatsync/core'
import { type StartTestCoreOptions, startTestCore, type TestCore } from './startTestCore.js'

/** A device: a core on the relay and a chat sync client on it, with every reported error collected. */
export type TestDevice = TestCore & {
  client: ChatSyncClient
  errors: { account: string | undefined; error: Error & { reason?: string } }[]
  /** Destroys the client and closes the core (the storage directory stays, for a restart). */
  shutdown(): Promise<void>
}

export async function startDevice(
  relayUrl: string,
  options: Pick<StartTestCoreOptions, 'dir' | 'prefix'> & {
    /** The core's own storage (chatsync's too, unless `storage` is given). */
    coreStorage?: StartTestCoreOptions['storage']
  } & Omit<CreateChatSyncParameters, 'core'> = {},
): Promise<TestDevice> {
  const { dir, prefix, coreStorage, ...parameters } = options
  const testCore = await startTestCore(relayUrl, { dir, prefix, storage: coreStorage })
  // The device's own core, whatever else `options` carries (a `TestDevice` passed for its dir and prefix
  // has a `core` too: the one that stopped).
  const client = createChatSync({ ...parameters, core: testCore.core })
  const errors: TestDevice['errors'] = []
  client.on('error', (event) => errors.push(event))
  return {
    ...testCore,
    client,
    errors,
    async shutdown() {
      await client.destroy()
      await testCore.close()
    },
  }
}
