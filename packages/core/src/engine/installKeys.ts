import { getPrimitives } from '#platform-primitives'
import type { CryptoPrimitives } from '../crypto/primitives.js'
import { deriveStoreKeysWith } from '../keys/deriveStoreKeys.js'
import { CHAT_STORE_IDS, CHAT_STORES, type ChatStoreId } from '../stores/catalogue.js'
import type { ChatSyncCore, ChatSyncLogger } from './chatSyncCore.js'
import { storeKeyBytes } from './relay/envelope.js'

export type InstalledKeys = {
  topics: Record<ChatStoreId, string>
  keys: Record<ChatStoreId, Uint8Array>
  /** Settles once the core's keychain has the keys too. */
  stored: Promise<void>
}

/**
 * Derives the store keys and topics from the signature. The engine seals and opens messages itself; the
 * core's keychain keeps the keys too, for `restore()` of a registration persisted without its signature.
 * Each keychain write rewrites the keychain, so the caller awaits `stored` while the history is fetched
 * rather than before. Loaded on first use (`loadOnFirstUse`), with the derivation.
 */
export async function installKeys(
  core: ChatSyncCore,
  signature: string,
  logger?: ChatSyncLogger,
  primitives: CryptoPrimitives = getPrimitives(),
): Promise<InstalledKeys> {
  const started = Date.now()
  const derived = await deriveStoreKeysWith(primitives, {
    signature,
    stores: CHAT_STORE_IDS.map((storeId) => CHAT_STORES[storeId].name),
  })
  logger?.debug?.('Derived the store keys.', { ms: Date.now() - started })
  const topics = Object.create(null) as Record<ChatStoreId, string>
  const keys = Object.create(null) as Record<ChatStoreId, Uint8Array>
  const symKeys: string[] = []
  for (const storeId of CHAT_STORE_IDS) {
    const storeKeys = derived[CHAT_STORES[storeId].name] as { symKey: string; topic: string }
    topics[storeId] = storeKeys.topic
    keys[storeId] = storeKeyBytes(storeKeys.symKey)
    if (!core.crypto.hasKeys(storeKeys.topic)) symKeys.push(storeKeys.symKey)
  }
  const stored = Promise.all(symKeys.map((symKey) => core.crypto.setSymKey(symKey))).then(() => {})
  stored.catch(() => {})
  return { topics, keys, stored }
}
