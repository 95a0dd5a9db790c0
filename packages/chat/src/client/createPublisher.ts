import { type ChatSyncCore, RelayRequestError } from '@chatsync/core'
import { relayRequest } from '@chatsync/core/internal'

/**
 * Publishes an envelope on a topic over the core's relay connection (`irn_publish`, no prompt), with the
 * chat's ttl, once the core is started. @throws {RelayRequestError} (`publish`) when the relay refuses or does not answer in time.
 */
export function createPublisher(
  core: ChatSyncCore,
  account: string,
  ttlSeconds: number,
  coreReady: Promise<void>,
) {
  return async (topic: string, message: string, tag: number) => {
    await coreReady
    try {
      await relayRequest(core, 'irn_publish', { topic, message, ttl: ttlSeconds, tag, prompt: false })
    } catch (cause) {
      throw new RelayRequestError({ operation: 'publish', account, cause })
    }
  }
}
