import type { AccountSnapshot, ChatSyncStores } from '../engine/accountSnapshot.js'
import type {
  ChatSyncChangeEvent,
  ChatSyncClient,
  ChatSyncEvents,
  ChatSyncWriteResult,
} from '../engine/types.js'

/**
 * The part of a chat sync client that a session drives: `createChatSync(…)` returns one. `inspect` (for
 * devtools), `destroy` (for a client the session created itself) and `getRecentAccount` (to show the
 * account synced last before the wallet's is known) are used when present.
 */
export type SessionClient = Pick<
  ChatSyncClient,
  'getMessage' | 'register' | 'restore' | 'unregister' | 'getSnapshot' | 'set' | 'delete' | 'on'
> &
  Partial<Pick<ChatSyncClient, 'inspect' | 'destroy' | 'getRecentAccount'>>

/** @deprecated Use `AccountSnapshot`. */
export type SessionSnapshot = AccountSnapshot
/** @deprecated Use `ChatSyncStores`. */
export type SessionStores = ChatSyncStores
/** @deprecated Use `ChatSyncChangeEvent`. */
export type SessionChangeEvent = ChatSyncChangeEvent
/** @deprecated Use `ChatSyncEvents`. */
export type SessionClientEvents = ChatSyncEvents
/** @deprecated Use `ChatSyncWriteResult`. */
export type SessionWriteResult = ChatSyncWriteResult
