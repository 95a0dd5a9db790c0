import type { ChatStoreId } from '../../stores/catalogue.js'
import type { AccountSnapshot } from '../accountSnapshot.js'
import type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from '../chatSyncCore.js'
import type { Emitter } from '../createEmitter.js'
import type { PersistedAccount, RestoredAccount } from '../persistence/persistedAccount.js'
import type { ChatSyncEvents, ChatSyncReportedErrorType, ChatSyncWriteResult } from '../types.js'
import type { LocalChange } from './accountReducer.js'
import type { TabChannel } from './tabChannel.js'

export type AccountSyncContext = {
  core: ChatSyncCore
  logger: ChatSyncLogger | undefined
  storage: ChatSyncStorage
  persistSignature: boolean
  storageKey(account: string): string
  emit: Emitter<ChatSyncEvents>['emit']
  emitError(account: string, error: ChatSyncReportedErrorType): void
  /** Subscribes store topics on the relay (see createRelaySubscriptions). */
  subscribe(topics: readonly string[]): Promise<void>
  /** The account's record reached storage. */
  onPersisted(account: string): void
  /** Another tab unregistered the account. */
  onUnregisteredElsewhere(account: string): void
  /** The account's channel to its engines in other tabs on the same storage, where there is one. */
  openTabChannel(account: string): TabChannel | undefined
}

/** What an account starts from: a registration (with its store keys) and the state it restores. */
export type AccountSyncInit = Omit<RestoredAccount, 'signature'> & {
  signature: string | undefined
  /** The store keys: messages are sealed and opened with them here. */
  keys: Record<ChatStoreId, Uint8Array>
}

export type AccountSync = {
  readonly account: string
  readonly topics: Readonly<Record<ChatStoreId, string>>
  getSnapshot(): AccountSnapshot
  write(storeId: ChatStoreId, change: LocalChange): ChatSyncWriteResult
  /** A live message on one of the account's topics. */
  receive(topic: string, message: unknown): void
  /** Catch up with the relay (see createCatchUp). */
  requestSync(): void
  /** Settles after the first catch-up attempt, whether it succeeded or not. */
  readonly firstSync: Promise<void>
  /** A relay connection opened (`isReconnect` when one was open before): resend, resubscribe, catch up. */
  onConnect(isReconnect: boolean): void
  /** The relay connection dropped. */
  onDisconnect(): void
  persistNow(): Promise<void>
  /** The record to persist now (the signature only when asked for and `persistSignature` allows). */
  getRecord(withSignature: boolean): PersistedAccount
  /** Whether storage may be behind the state (a write pending or in flight). */
  readonly unsaved: boolean
  /** Stops all activity. Unless `forget` (unregistered), pending state is written first. */
  stop(forget: boolean): Promise<void>
}
