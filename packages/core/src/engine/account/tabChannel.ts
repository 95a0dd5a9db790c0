import { isRecord } from '../../isRecord.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { restoreOutbox } from '../changes/restoreOutbox.js'
import { toStoreUpdates } from '../changes/storeUpdates.js'

/**
 * Engines of one account on the same storage in other tabs (or windows) of this origin. They share the
 * WalletConnect core's storage, so they share its client id too: the relay sends none of them what
 * another published, and each persists the account's whole state. Without telling each other, a write in
 * one tab would not show in the others, and could be lost when another tab persisted later. So each
 * tells the others what it applied; they apply it by the same last-writer-wins rule.
 */
export type TabChannel = {
  post(message: TabMessage): void
  /** Hands every message of the other tabs to `onMessage` (unchecked: see `parseTabMessage`). */
  listen(onMessage: (message: unknown) => void): void
  close(): void
}

/** Changes in the outbox-item form (the value as JSON text, see `toOutboxItem`). */
export type TabMessage = {
  v: 1
  /** Changes that came from the relay. */
  applied: OutboxItem[]
  /** Writes made in the sending tab, not yet delivered: every tab publishes them, so none is lost when the sender closes. */
  written: OutboxItem[]
  /** The account was unregistered in the sending tab: the others forget it too. */
  unregistered?: true
}

/** The channel named `name` (the account's storage key), where the platform has `BroadcastChannel`. */
export function openTabChannel(name: string): TabChannel | undefined {
  const { BroadcastChannel: Channel } = globalThis as { BroadcastChannel?: typeof BroadcastChannel }
  if (typeof Channel !== 'function') return undefined
  const channel = new Channel(name)
  // Node: an open channel does not keep the process alive.
  ;(channel as { unref?(): void }).unref?.()
  return {
    post(message) {
      try {
        channel.postMessage(message)
      } catch {
        // Closed: the other tabs catch up from storage when they next load.
      }
    },
    listen(onMessage) {
      channel.onmessage = (event) => onMessage(event.data)
    },
    close: () => channel.close(),
  }
}

/**
 * The updates (by store) and the writes to take over from a message of another tab. Anything malformed
 * (another version of the app, say) is left out, checked as a message from the relay is.
 */
export function parseTabMessage(message: unknown) {
  if (!isRecord(message) || message.v !== 1) return undefined
  const written = restoreOutbox(message.written)
  const updates = toStoreUpdates([...restoreOutbox(message.applied), ...written])
  return { updates, written, unregistered: message.unregistered === true }
}
