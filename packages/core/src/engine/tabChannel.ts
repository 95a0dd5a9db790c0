import { isRecord } from '../isRecord.js'
import type { StoreUpdate } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import { CHAT_STORE_IDS, CHAT_STORES, type ChatStoreId, parseStoreValue } from '../stores/catalogue.js'
import { isSyncId } from '../wire/syncRequest.js'
import { type OutboxItem, restoreOutbox } from './persistedAccount.js'

/**
 * Engines of one account on the same storage in other tabs (or windows, or extension pages) of this
 * origin. They share the WalletConnect core's storage, so they share its client id too: the relay sends
 * none of them what another published, and each persists the account's whole state. Without telling
 * each other, a write in one tab would not show in the others, and could be lost when another tab
 * persisted later. So each tells the others what it applied (its writes with their outbox items, and
 * what came from the relay); they apply it by the same last-writer-wins rule.
 */
export type TabChannel = {
  post(message: TabMessage): void
  close(): void
}

export type TabMessage = {
  v: 1
  changes: { store: ChatStoreId; update: StoreUpdate<unknown> }[]
  /** Writes not yet delivered: every tab publishes them, so one that closes first loses none. */
  outbox: OutboxItem[]
}

/** The channel named `name` (the account's storage key) where the platform has `BroadcastChannel`. */
export function openTabChannel(name: string, onMessage: (message: unknown) => void): TabChannel | undefined {
  const { BroadcastChannel: Channel } = globalThis as { BroadcastChannel?: typeof BroadcastChannel }
  if (typeof Channel !== 'function') return undefined
  const channel = new Channel(name)
  channel.onmessage = (event) => onMessage(event.data)
  // Node: an open channel does not keep the process alive.
  ;(channel as { unref?(): void }).unref?.()
  return {
    post(message) {
      try {
        channel.postMessage(message)
      } catch {
        // Closed, or a value that cannot be cloned: the other tabs catch up when they next load.
      }
    },
    close: () => channel.close(),
  }
}

/**
 * The updates (by store) and outbox items of a message from another tab. Anything malformed (another
 * version of the app, say) is left out: values must pass their store's schema and match their key.
 */
export function parseTabMessage(message: unknown) {
  if (!isRecord(message) || message.v !== 1 || !Array.isArray(message.changes)) return undefined
  const updates = byStore((): StoreUpdate<unknown>[] => [])
  for (const change of message.changes) {
    const { store, update } = isRecord(change) ? change : {}
    if (!CHAT_STORE_IDS.includes(store as ChatStoreId) || !isRecord(update)) continue
    const { type, id, key } = update
    if (!isSyncId(id) || typeof key !== 'string') continue
    const storeId = store as ChatStoreId
    if (type === 'delete') updates[storeId].push({ type, id, key })
    if (type !== 'set') continue
    const parsed = parseStoreValue(storeId, update.value)
    const keyOf = CHAT_STORES[storeId].keyOf as (value: unknown) => string
    if (parsed.ok && keyOf(parsed.value) === key)
      updates[storeId].push({ type, id, key, value: parsed.value })
  }
  return { updates, outbox: restoreOutbox(message.outbox) }
}
