import { CHAT_STORE_IDS, CHAT_STORES, type ChatStoreId } from '@chatsync/core'
import { deriveStoreKeys } from '@chatsync/core/internal'

/** Store key and topic of each Chat store for a signature (what every device derives). */
export async function storeKeysOf(signature: string) {
  const derived = await deriveStoreKeys({
    signature,
    stores: CHAT_STORE_IDS.map((id) => CHAT_STORES[id].name),
  })
  return Object.fromEntries(
    CHAT_STORE_IDS.map((id) => [id, derived[CHAT_STORES[id].name]]),
  ) as unknown as Record<ChatStoreId, { symKey: string; topic: string }>
}
