import { TransportClosedError } from '../../errors/relay.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import { SYNC_PUBLISH_OPTIONS } from '../../wire/syncPublishOptions.js'
import { buildSyncDel, buildSyncSet } from '../../wire/syncRequest.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { sealEnvelope } from './envelope.js'
import { relayRequest } from './relayRequest.js'

/**
 * Publishes outbox items on their store topics, sealed with the store keys, with the retention's ttl.
 * Rejects when the request fails (the outbox retries), or at once while the app keeps the transport
 * closed on purpose (publishing would reopen it).
 */
export function createPublisher({
  core,
  topics,
  keys,
  ttlSeconds,
}: {
  core: ChatSyncCore
  topics: Readonly<Record<ChatStoreId, string>>
  keys: Readonly<Record<ChatStoreId, Uint8Array>>
  ttlSeconds: number
}) {
  return async (items: readonly OutboxItem[]): Promise<void> => {
    if (core.relayer.transportExplicitlyClosed) throw new TransportClosedError()
    const messages = items.map((item) => {
      const request = item.method === 'wc_syncSet' ? buildSyncSet(item) : buildSyncDel(item)
      return {
        topic: topics[item.store],
        message: sealEnvelope(keys[item.store], JSON.stringify(request)),
        ...SYNC_PUBLISH_OPTIONS[item.method],
        ttl: ttlSeconds,
      }
    })
    // Plain relay requests: `core.relayer.publish` would also record every outgoing message in the core's
    // message tracker (a storage write of its whole record each time), and its own retry queue resolves a
    // publish that failed for good only after a minute. The outbox retries. Writes that queued up behind
    // others go out as one `irn_batchPublish`.
    await (messages.length === 1
      ? relayRequest(core, 'irn_publish', messages[0])
      : relayRequest(core, 'irn_batchPublish', { messages }))
  }
}
