import type { OutboxItem } from './outboxItem.js'
import type { StoreUpdates } from './storeUpdates.js'

/**
 * What changed on the way to storage: changes applied (some may have lost to what was there: replaying
 * them is harmless), writes added to and removed from the outbox; `full` when only the whole state says it.
 * The account's reducer says it (`persist` effects); the account's writer records it.
 */
export type PersistDelta = {
  applied?: Partial<StoreUpdates> | undefined
  added?: readonly OutboxItem[] | undefined
  delivered?: readonly OutboxItem[] | undefined
  full?: true | undefined
}
