import type { CryptoPrimitives } from '../crypto/primitives.js'
import type { AccountSync, AccountSyncInit } from './account/accountSync.js'
import type { TabChannel } from './account/tabChannel.js'
import type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from './chatSyncCore.js'
import type { AccountSpellings } from './createAccountSpellings.js'
import type { Emitter } from './createEmitter.js'
import type { Startup } from './createStartup.js'
import type { LoadedAccount } from './persistence/loadAccount.js'
import type { ReaderMarker } from './persistence/readerMarker.js'
import type { UnloadCopies } from './persistence/unloadCopies.js'
import type { ConnectionMonitor } from './relay/createConnectionMonitor.js'
import type { RelaySubscriptions } from './relay/createRelaySubscriptions.js'
import type { ChatSyncEvents, ChatSyncReportedErrorType } from './types.js'

/** What the client's actions share: the live accounts, the relay, storage and events. */
export type Engine = {
  readonly core: ChatSyncCore
  readonly storage: ChatSyncStorage
  readonly logger: ChatSyncLogger | undefined
  /** The platform's primitives with the app's native crypto, when it gave one (`nativeCrypto`). */
  readonly primitives: CryptoPrimitives | undefined
  /** Live accounts by account id (canonical: see `normalizeAccount`). */
  readonly accounts: Map<string, AccountSync>
  /** The canonical form of the accounts given, and the other spellings records may be stored under. */
  readonly spellings: AccountSpellings
  readonly subscriptions: RelaySubscriptions
  /** The relay connection as the accounts show it (`connecting`, `connected`, `offline`). */
  readonly connection: ConnectionMonitor
  readonly unloadCopies: UnloadCopies | undefined
  readonly emitter: Emitter<ChatSyncEvents>
  /** Before accounts are live: the core starting, stored state shown, the recent account. */
  readonly startup: Startup
  storageKey(account: string): string
  emitError(account: string | undefined, error: ChatSyncReportedErrorType): void
  /** Every store of `account` changed (it was registered, restored or unregistered here). */
  emitAllChanged(account: string): void
  readonly destroyed: boolean
  /** @throws {ClientDestroyedError} once destroyed. */
  assertAlive(): void
  /** Runs register/restore/unregister of one account one at a time. */
  exclusive<T>(account: string, task: () => Promise<T>): Promise<T>
  /** The account's persisted record (merged with the page's unload copy). @throws {StorageError} */
  load(account: string): Promise<LoadedAccount | undefined>
  /**
   * Marks that this client id is about to read the account's topics, and says whether the account must
   * be rebuilt from the relay first (see `readerMarker.ts`). @throws when storage cannot be written.
   */
  beginReading(account: string, hasRecord: boolean): Promise<{ marker: ReaderMarker; rebuild: boolean }>
  /** Makes an account live and starts catching up. */
  activate(account: string, init: AccountSyncInit): AccountSync
  /** Stops a live account (`forget`: without writing its state first). */
  deactivate(sync: AccountSync, forget: boolean): Promise<void>
  /** The account's channel to the other tabs, where there are tabs. */
  openTabChannel(account: string): TabChannel | undefined
  /**
   * Opens the relay connection early (while keys are derived or the user signs): the core opens its
   * socket on the first request only, and the connection monitor's first check is one.
   */
  preconnect(): void
  /** Stops listening to the core and the page (or the app's state). */
  detach(): void
  /** Each account whose storage is behind writes its record (without the signature) to the unload copy. */
  saveUnloadCopies(): void
  markDestroyed(): void
}
