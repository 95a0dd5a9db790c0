import { IncomingMessageError } from '../../errors/relay.js'
import type { StoreUpdate } from '../../lww/applyUpdate.js'
import type { Result } from '../../result.js'
import { CHAT_STORES, type ChatStore, type ChatStoreId } from '../../stores/catalogue.js'
import { parseSyncRequest } from '../../wire/parseSyncRequest.js'
import { toStoreUpdate } from '../changes/toStoreUpdate.js'
import { ENGINE_LIMITS } from '../limits.js'
import { openEnvelope } from './envelope.js'

export type DecodeStoreMessageParameters = {
  account: string
  storeId: ChatStoreId
  /** The encrypted envelope as the relay delivered it (base64). */
  message: unknown
  /** The store key. */
  key: Uint8Array
}

export type DecodedStoreMessage = Result<StoreUpdate<unknown>, IncomingMessageError>

/**
 * Turns one encrypted message of a store topic into a store update: size check, decryption with the
 * store key (type-0 envelopes only, see `envelope.ts`), JSON-RPC shape, the store's payload schema,
 * and the entry key taken from the payload. Never throws; whatever is wrong comes back as an {@link IncomingMessageError}.
 */
export function decodeStoreMessage({
  account,
  storeId,
  message,
  key,
}: DecodeStoreMessageParameters): DecodedStoreMessage {
  const store = CHAT_STORES[storeId] as ChatStore
  if (typeof message !== 'string' || message.length === 0) return reject(account, store, 'undecryptable')
  if (message.length > ENGINE_LIMITS.maxMessageLength) return reject(account, store, 'oversized')
  const opened = openEnvelope(key, message)
  if (!opened.ok) return reject(account, store, opened.reason === 'not-text' ? 'not-json' : 'undecryptable')
  // JSON text: parseSyncRequest parses it.
  const request = parseSyncRequest(opened.text)
  if (!request.ok) return reject(account, store, request.error.reason, request.error)
  const update = toStoreUpdate(storeId, request.value)
  return update.ok ? update : reject(account, store, update.error.reason, update.error.cause)
}

// Module level: no closure per message.
function reject(
  account: string,
  store: ChatStore,
  reason: IncomingMessageError['reason'],
  cause?: unknown,
): DecodedStoreMessage {
  return { ok: false, error: new IncomingMessageError({ account, store: store.name, reason, cause }) }
}
