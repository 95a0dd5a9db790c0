import type { ChatStoreId } from '../../stores/catalogue.js'
import type { AccountSnapshot } from '../accountSnapshot.js'
import type { LocalChange } from '../changes/localChange.js'
import type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from '../chatSyncCore.js'
import type { Emitter } from '../createEmitter.js'
import type { StoragePosition } from '../persistence/accountStorage.js'
import type { PersistedAccount, RestoredAccount } from '../persistence/persistedAccount.js'
import type { ReaderMarker } from '../persistence/readerMarker.js'
import type { ConnectionMonitor } from '../relay/createConnectionMonitor.js'
import type { Retention } from '../retention.js'
import type { ChatSyncEvents, ChatSyncReportedErrorType, ChatSyncWriteResult } from '../types.js'
import type { AccountInspection } from './inspection.js'
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
  /** How long the relay keeps messages, and when entries are published again. */
  retention: Retention
  /** The account's record reached storage. */
  onPersisted(account: string): void
  /** The account's state changed (what storage must hold grew). */
  onChanged(account: string): void
  /** Another tab unregistered the account. */
  onUnregisteredElsewhere(account: string): void
  /** The account's channel to its engines in other tabs on the same storage, where there is one. */
  openTabChannel(account: string): TabChannel | undefined
  /** The client's relay connection (snapshots and the inspection show it). */
  connection: Pick<ConnectionMonitor, 'status' | 'failure' | 'url'>
}

/** What an account starts from: a registration (with its store keys) and the state it restores. */
export type AccountSyncInit = Omit<RestoredAccount, 'signature'> & {
  signature: string | undefined
  /** The store keys: messages are sealed and opened with them here. */
  keys: Record<ChatStoreId, Uint8Array>
  /** This start's reader marker: set clean when the account stops cleanly. */
  marker: ReaderMarker
  /** Rebuild from the relay under a fresh identity first (the last stop was not clean). */
  rebuild: boolean
  /** Where the account is on storage (a loaded one); a new one is written as a snapshot first. */
  position?: StoragePosition | undefined
  /** The state came from this device's storage (it synced here before). */
  restored?: boolean | undefined
  /** The first write is a snapshot (the state came from more than storage, e.g. the page's unload copy). */
  snapshotFirst?: boolean | undefined
}

export type AccountSync = {
  readonly account: string
  readonly topics: Readonly<Record<ChatStoreId, string>>
  getSnapshot(): AccountSnapshot
  write(storeId: ChatStoreId, change: LocalChange): ChatSyncWriteResult
  /** A live message on one of the account's topics (`publishedAt` in ms, as the relay says). */
  receive(topic: string, message: unknown, publishedAt?: unknown): void
  /** Catch up with the relay (see createCatchUp). */
  requestSync(): void
  /** Settles after the first catch-up attempt, whether it succeeded or not. */
  readonly firstSync: Promise<void>
  /** A relay connection opened (`isReconnect` when one was open before): resend, resubscribe, catch up. */
  onConnect(isReconnect: boolean): void
  /** The relay connection dropped. */
  onDisconnect(): void
  persistNow(): Promise<void>
  /**
   * The page is going: applies the live messages waiting for their turn, and says what to keep
   * synchronously: the record when storage is behind (never the signature), and the reader marker's token
   * when nothing the relay handed over can be missing (no catch-up in progress).
   */
  prepareToGo(): { record: PersistedAccount | undefined; cleanToken: string | undefined }
  /** The record to persist now (the signature only when asked for and `persistSignature` allows). */
  getRecord(withSignature: boolean): PersistedAccount
  /** Where the account is on storage now (to remove it). */
  readonly position: StoragePosition
  /** What the engine knows about the account, for devtools (no secrets). */
  inspect(): AccountInspection
  /** Whether storage may be behind the state (a write pending or in flight). */
  readonly unsaved: boolean
  /** Stops all activity. Unless `forget` (unregistered), pending state is written first. */
  stop(forget: boolean): Promise<void>
}
