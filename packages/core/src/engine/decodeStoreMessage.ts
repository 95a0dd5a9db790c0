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

export type DecodedStoreMessage = Result<StoreUpdate<unknown>, IncomingMessageError>

/**
 * Turns one encrypted message of a store topic into a store update: size check, decryption with the
 * store key (type-0 envelopes only, see `envelope.ts`), JSON-RPC shape, the store's payload schema,
 * and the entry key taken from the payload. Never throws; whatever is wrong comes back as an {@link IncomingMessageError}.
 * Synchronous when the store key is known (the usual case: a catch-up decodes thousands of messages, and
 * a promise each would only add work); a promise when the core has to open the envelope.
 */
export function decodeStoreMessage(
  core: ChatSyncCore,
  { account, storeId, topic, message, key }: DecodeStoreMessageParameters,
): DecodedStoreMessage | Promise<DecodedStoreMessage> {
  const store = CHAT_STORES[storeId] as ChatStore
  const reject = (reason: IncomingMessageError['reason'], cause?: unknown) => ({
    ok: false as const,
    error: new IncomingMessageError({ account, store: store.name, reason, cause }),
  })
  const decodePayload = (payload: unknown): DecodedStoreMessage => {
    const request = parseSyncRequest(payload)
    if (!request.ok) return reject(request.error.reason, request.error)
    const { id, key: entryKey } = request.value
    if (request.value.method === 'wc_syncDel')
      return { ok: true, value: { type: 'delete', id, key: entryKey } }
    const parsed = parseStoreValue(storeId, request.value.value)
    if (!parsed.ok) return reject('invalid-payload', parsed.error)
    if (store.keyOf(parsed.value) !== entryKey) return reject('key-mismatch')
    return { ok: true, value: { type: 'set', id, key: entryKey, value: parsed.value } }
  }

  if (typeof message !== 'string' || message.length === 0) return reject('undecryptable')
  if (message.length > ENGINE_LIMITS.maxMessageLength) return reject('oversized')
  if (key) {
    const opened = openEnvelope(key, message)
    // JSON text: parseSyncRequest parses it.
    return opened.ok
      ? decodePayload(opened.text)
      : reject(opened.reason === 'not-text' ? 'not-json' : 'undecryptable')
  }
  // Without the key bytes (a registration restored from the core's keychain on a core that does not
  // expose it), the core decodes; only encrypted (type-0) envelopes are handed to it.
  if (envelopeType(message) !== 0) return reject('undecryptable')
  return core.crypto.decode(topic, message).then(
    (payload: unknown) =>
      // The core logs and returns undefined when authentication fails; undefined is no JSON value. It
      // returns the plain text when it is not JSON (and a JSON string literal as its content).
      payload === undefined
        ? reject('undecryptable')
        : typeof payload === 'string'
          ? reject('not-json')
          : decodePayload(payload),
    // The cause is not kept: the core's messages may quote the input.
    () => reject('undecryptable'),
  )
}
