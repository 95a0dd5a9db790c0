import type { StoreUpdate } from '../lww/applyUpdate.js'
import type { Result } from '../result.js'
import { CHAT_STORES, type ChatStore, type ChatStoreId, parseStoreValue } from '../stores/catalogue.js'
import { parseSyncRequest } from '../wire/parseSyncRequest.js'
import type { ChatSyncCore } from './chatSyncCore.js'
import { envelopeType, openEnvelope } from './envelope.js'
import { IncomingMessageError } from './errors.js'
import { ENGINE_LIMITS } from './timing.js'

export type DecodeStoreMessageParameters = {
  account: string
  storeId: ChatStoreId
  topic: string
  /** The encrypted envelope as the relay delivered it (base64). */
  message: unknown
  /** The store key, when known; otherwise `core.crypto.decode` opens the envelope. */
  key: Uint8Array | undefined
}

/**
 * Turns one encrypted message of a store topic into a store update: size check, decryption with the
 * store key (type-0 envelopes only, see `envelope.ts`), JSON-RPC shape, the store's payload schema,
 * and the entry key taken from the payload. Never throws; whatever is wrong comes back as an {@link IncomingMessageError}.
 */
export async function decodeStoreMessage(
  core: ChatSyncCore,
  { account, storeId, topic, message, key }: DecodeStoreMessageParameters,
): Promise<Result<StoreUpdate<unknown>, IncomingMessageError>> {
  const store = CHAT_STORES[storeId] as ChatStore
  const reject = (reason: IncomingMessageError['reason'], cause?: unknown) => ({
    ok: false as const,
    error: new IncomingMessageError({ account, store: store.name, reason, cause }),
  })
  if (typeof message !== 'string' || message.length === 0) return reject('undecryptable')
  if (message.length > ENGINE_LIMITS.maxMessageLength) return reject('oversized')

  let payload: unknown
  if (key) {
    const opened = openEnvelope(key, message)
    if (!opened.ok) return reject(opened.reason === 'not-text' ? 'not-json' : 'undecryptable')
    try {
      payload = JSON.parse(opened.text)
    } catch {
      return reject('not-json')
    }
  } else {
    // Without the key bytes (a registration restored from the core's keychain on a core that does not
    // expose it), the core decodes; only encrypted (type-0) envelopes are handed to it.
    if (envelopeType(message) !== 0) return reject('undecryptable')
    try {
      payload = await core.crypto.decode(topic, message)
    } catch {
      // The cause is not kept: the core's messages may quote the input.
      return reject('undecryptable')
    }
    // The core logs and returns undefined when authentication fails; undefined is no JSON value.
    if (payload === undefined) return reject('undecryptable')
    // The core returns the plain text when it is not JSON (and a JSON string literal as its content).
    if (typeof payload === 'string') return reject('not-json')
  }

  const request = parseSyncRequest(payload)
  if (!request.ok) return reject(request.error.reason, request.error)
  const wire = request.value
  if (wire.method === 'wc_syncDel') return { ok: true, value: { type: 'delete', id: wire.id, key: wire.key } }

  const parsed = parseStoreValue(storeId, wire.value)
  if (!parsed.ok) return reject('invalid-payload', parsed.error)
  if (store.keyOf(parsed.value) !== wire.key) return reject('key-mismatch')
  return { ok: true, value: { type: 'set', id: wire.id, key: wire.key, value: parsed.value } }
}
