import type { NativeCrypto } from '../crypto/withNativeCrypto.js'
import type { InvalidAccountErrorType } from '../errors/account.js'
import type { BaseErrorType } from '../errors/base.js'
import type {
  AccountNotRegisteredErrorType,
  ClientDestroyedErrorType,
  CodeLoadErrorType,
  InvalidStoreKeyErrorType,
  PayloadTooLargeErrorType,
  SignatureMismatchErrorType,
  StorageErrorType,
  UnknownStoreErrorType,
} from '../errors/engine.js'
import type { InvalidSignatureErrorType } from '../errors/keys.js'
import type { PayloadValidationErrorType } from '../errors/payload.js'
import type {
  IncomingMessageErrorType,
  RelayRequestErrorType,
  RelayUnreachableErrorType,
} from '../errors/relay.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'
import type { AccountInspection } from './account/inspection.js'
import type { AccountSnapshot } from './accountSnapshot.js'
import type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from './chatSyncCore.js'
import type { PersistedAccount } from './persistence/persistedAccount.js'
import type { RetentionParameters } from './retention.js'

/** One applied batch of changes. */
export type ChatSyncChangeEvent = {
  account: string
  /** Stores whose state changed (empty when only the status did). */
  stores: readonly ChatStoreId[]
  /**
   * `local`: written here; `remote`: from the relay or another tab; `delivered`: the relay accepted writes
   * made here (only the stores' unsynced keys changed).
   */
  source: 'local' | 'remote' | 'delivered'
}

/** Errors reported through the `error` event (never thrown at a caller). */
export type ChatSyncReportedErrorType =
  | IncomingMessageErrorType
  | RelayRequestErrorType
  | RelayUnreachableErrorType
  | StorageErrorType
  | BaseErrorType

export type ChatSyncEvents = {
  /** An account caught up with the relay. */
  ready: { account: string }
  /** Something went wrong in the background; `error.name` tells what. No secrets or values inside. */
  error: { account: string | undefined; error: ChatSyncReportedErrorType }
  /** One applied batch of changes (local writes: one event per microtask). */
  change: ChatSyncChangeEvent
}

export type ChatSyncWriteResult = {
  /** The entry's key in its store. */
  key: string
  /** The JSON-RPC id of the change (its last-writer-wins clock). */
  id: number
  /**
   * Settles once the relay accepted the publish. Rejects only with `DeliveryCancelledError` (account
   * unregistered or client destroyed first); an unobserved rejection is never reported as unhandled.
   */
  delivered: Promise<void>
  /**
   * Settles once the change is in this device's storage: from then on it survives the app being killed.
   * (Once `delivered`, it is on the relay too, and a device rebuilds it from there after a crash.)
   */
  saved: Promise<void>
}

export type RegisterErrorType =
  | InvalidAccountErrorType
  | InvalidSignatureErrorType
  | SignatureMismatchErrorType
  | ClientDestroyedErrorType
  | StorageErrorType
  | CodeLoadErrorType
  | BaseErrorType

export type SetErrorType =
  | InvalidAccountErrorType
  | AccountNotRegisteredErrorType
  | UnknownStoreErrorType
  | PayloadValidationErrorType
  | PayloadTooLargeErrorType
  | ClientDestroyedErrorType
  | BaseErrorType

export type DeleteErrorType =
  | InvalidAccountErrorType
  | AccountNotRegisteredErrorType
  | UnknownStoreErrorType
  | InvalidStoreKeyErrorType
  | ClientDestroyedErrorType
  | BaseErrorType

export type CreateChatSyncParameters = {
  /** The WalletConnect core the app already has (e.g. `signClient.core`), started. */
  core: ChatSyncCore
  /**
   * Settles once `core` is started, when the engine is made before that (e.g. `SignClient.init({ core })`,
   * which starts it). Meanwhile `restore()` shows the account's stored state and writes are saved as soon
   * as it is live; nothing goes to the relay. Default: `core` is started already.
   */
  coreReady?: PromiseLike<unknown> | undefined
  /** Where sync state is persisted; defaults to `core.storage`. */
  storage?: ChatSyncStorage | undefined
  logger?: ChatSyncLogger | undefined
  /**
   * Keep the sync signature in storage so a reload needs no new signature (default `true`, as the
   * reference client does). With `false` only the store topics are kept and `restore()` relies on the
   * store keys the core already keeps in its own keychain; see `persistedAccount.ts` for the trade-off.
   */
  persistSignature?: boolean | undefined
  /**
   * How long the relay keeps what is published, and when entries are published again so that they never
   * expire (see `RetentionParameters`). Defaults: ttl 30 days, refresh after 22.5 days (plus a jitter of up
   * to 3.75 days), tombstones kept for as long as the account lives.
   */
  retention?: RetentionParameters | undefined
  /**
   * Turns a persisted record of an older (or unknown) version into the current one; return `undefined`
   * to discard it. Called only when `record.version` differs from the current version.
   */
  migrate?: ((record: unknown, version: number) => PersistedAccount | undefined) | undefined
  /**
   * A native PBKDF2 and HMAC for key derivation, in Node's `crypto` shape: on React Native pass
   * `react-native-quick-crypto` (Hermes has no WebCrypto, and the pure-JS PBKDF2 costs most of a
   * second there). Checked against published vectors when the client is created: a wrong one throws
   * `NativeCryptoError` then, rather than deriving keys no other device has.
   */
  nativeCrypto?: NativeCrypto | undefined
}

/**
 * Every `account` given is a CAIP-10 account id in any spelling: it is taken in its canonical form
 * (`normalizeAccount`; an invalid one throws, or rejects, `InvalidAccountError`, and reads answer as for
 * an account not registered), and events name accounts in that form.
 */
export type ChatSyncClient = {
  /** The message the wallet signs to enable sync for `account`: it names the account in canonical form. */
  getMessage(parameters: { account: string }): string
  /**
   * Verifies the signature (eip155: it must recover to the account), derives the store keys, catches up
   * with the relay's history and subscribes. Resolves when caught up (`ready`), or — when the relay
   * cannot be reached — registered and still `syncing` (a `RelayUnreachableError` event says why; it keeps
   * trying and catches up by itself): at once when the connection was refused or closed, else once the
   * first attempt timed out.
   */
  register(parameters: { account: string; signature: string }): Promise<void>
  /**
   * Makes a persisted registration live without a new signature; `false` when none is stored (the relay
   * connection then opens, so a `register()` that follows does not wait for it). A record an older
   * version stored under another spelling of the account is not restored (its keys are of another
   * message): `register()` carries its state over.
   */
  restore(parameters: { account: string }): Promise<boolean>
  /**
   * The account this device made live last (registered or restored here, not unregistered since), so an
   * app can show its stored state before it knows the wallet's account; `undefined` when none.
   */
  getRecentAccount(): Promise<string | undefined>
  /** `true` when the account is live here, or a persisted registration `restore()` can use exists. */
  isRegistered(parameters: { account: string }): Promise<boolean>
  /** Unsubscribes, forgets the keys, the local state and the outbox of `account`. */
  unregister(parameters: { account: string }): Promise<void>
  set<S extends ChatStoreId>(parameters: {
    account: string
    store: S
    value: ChatStorePayloads[S]
  }): Promise<ChatSyncWriteResult>
  delete(parameters: { account: string; store: ChatStoreId; key: string }): Promise<ChatSyncWriteResult>
  getSnapshot(parameters: { account: string }): AccountSnapshot
  on<E extends keyof ChatSyncEvents>(event: E, handler: (payload: ChatSyncEvents[E]) => void): () => void
  /**
   * What the engine knows about a live account, for devtools: catch-up, relay connection, entries with
   * their ids and last writer, tombstones, the outbox, storage and keep-alive. Secrets are masked or left
   * out. `undefined` when the account is not live here.
   */
  inspect(parameters: { account: string }): AccountInspection | undefined
  /** Writes pending state, stops timers and listeners. Registrations stay persisted. */
  destroy(): Promise<void>
}
