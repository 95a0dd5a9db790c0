import { CHAT_STORE_IDS, type ChatStoreId } from '../stores/catalogue.js'
import type { ChatSyncCore } from './chatSyncCore.js'
import { storeKeyBytes } from './relay/envelope.js'

/** Store keys from the core's keychain, for a registration persisted without its signature. */
export function keysFromKeychain(
  core: ChatSyncCore,
  topics: Record<ChatStoreId, string>,
): Record<ChatStoreId, Uint8Array> | undefined {
  try {
    const keys = Object.create(null) as Record<ChatStoreId, Uint8Array>
    for (const storeId of CHAT_STORE_IDS) {
      const symKey = core.crypto.hasKeys(topics[storeId]) && core.crypto.keychain.get(topics[storeId])
      if (typeof symKey !== 'string' || !/^[0-9a-f]{64}$/.test(symKey)) return undefined
      keys[storeId] = storeKeyBytes(symKey)
    }
    return keys
  } catch {
    return undefined
  }
}
