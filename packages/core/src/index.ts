// @chatsync/core: what an app uses. Wire, limit and persistence internals are in `@chatsync/core/internal`.

export type {
  DeleteStoreValueErrorType,
  DeleteStoreValueParameters,
  DeleteStoreValueReturnType,
} from './actions/deleteStoreValue.js'
// Session actions (wagmi style: the session first, one object parameter)
export {
  deleteStoreEntryMutationOptions,
  deleteStoreValue,
  deleteStoreValueMutationOptions,
} from './actions/deleteStoreValue.js'
export type { GetStoreParameters, GetStoreReturnType } from './actions/getStore.js'
export {
  getInviteKeys,
  getReceivedInviteStatuses,
  getSentInvites,
  getStore,
  getThreads,
} from './actions/getStore.js'
export type {
  SetStoreEntryErrorType,
  SetStoreValueErrorType,
  SetStoreValueParameters,
  SetStoreValueReturnType,
} from './actions/setStoreValue.js'
export {
  setStoreEntryMutationOptions,
  setStoreValue,
  setStoreValueMutationOptions,
} from './actions/setStoreValue.js'
export type { WatchErrorsEvent, WatchErrorsParameters } from './actions/watchErrors.js'
export { watchErrors } from './actions/watchErrors.js'
export type { WatchStoreParameters } from './actions/watchStore.js'
export {
  watchInviteKeys,
  watchReceivedInviteStatuses,
  watchSentInvites,
  watchStore,
  watchThreads,
} from './actions/watchStore.js'
export type { WatchStoresParameters } from './actions/watchStores.js'
export { watchStores } from './actions/watchStores.js'
export type {
  TopicMessage,
  WatchedTopic,
  WatchTopicsErrorType,
  WatchTopicsParameters,
  WatchTopicsReturnType,
} from './actions/watchTopics.js'
// Topics beyond the stores (Chat invites, answers and threads): history, then live, with their keys
export { watchTopics } from './actions/watchTopics.js'
export type { NativeCrypto } from './crypto/withNativeCrypto.js'
export type { AccountInspection, InspectedEntry } from './engine/account/inspection.js'
// Engine: live, synchronised stores on a WalletConnect core
export { MASKED } from './engine/account/inspection.js'
export type { AccountSnapshot, ChatSyncStores } from './engine/accountSnapshot.js'
export type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from './engine/chatSyncCore.js'
export { createChatSync } from './engine/createChatSync.js'
export type { PersistedAccount } from './engine/persistence/persistedAccount.js'
export type { RelayConnectionStatus } from './engine/relay/relayConnectionStatus.js'
export type { RetentionParameters } from './engine/retention.js'
export type {
  ChatSyncChangeEvent,
  ChatSyncClient,
  ChatSyncEvents,
  ChatSyncReportedErrorType,
  ChatSyncWriteResult,
  CreateChatSyncParameters,
  DeleteErrorType,
  RegisterErrorType,
  SetErrorType,
} from './engine/types.js'
export type { InvalidAccountErrorType, InvalidAccountReason } from './errors/account.js'
// Errors: narrow on `error.name`
export { InvalidAccountError } from './errors/account.js'
export type { BaseErrorParameters, BaseErrorType } from './errors/base.js'
export { BaseError } from './errors/base.js'
export type {
  AccountNotRegisteredErrorType,
  ClientDestroyedErrorType,
  CodeLoadErrorType,
  DeliveryCancelledErrorType,
  InvalidRetentionErrorType,
  InvalidStoreKeyErrorType,
  PayloadTooLargeErrorType,
  SignatureMismatchErrorType,
  StorageErrorType,
  StoreKeyMismatchErrorType,
  UnknownStoreErrorType,
} from './errors/engine.js'
export {
  AccountNotRegisteredError,
  ClientDestroyedError,
  CodeLoadError,
  DeliveryCancelledError,
  InvalidRetentionError,
  InvalidStoreKeyError,
  PayloadTooLargeError,
  SignatureMismatchError,
  StorageError,
  StoreKeyMismatchError,
  UnknownStoreError,
} from './errors/engine.js'
export type { InvalidSignatureErrorType } from './errors/keys.js'
export { InvalidSignatureError } from './errors/keys.js'
export type { PayloadIssue, PayloadValidationErrorType } from './errors/payload.js'
export { PayloadValidationError } from './errors/payload.js'
export type {
  MissingPolyfillErrorType,
  NativeCryptoErrorType,
  RuntimeFeature,
  RuntimeFeatureProblem,
} from './errors/platform.js'
export { MissingPolyfillError, NativeCryptoError } from './errors/platform.js'
export type {
  IncomingMessageErrorType,
  IncomingMessageRejectReason,
  RelayDisconnectedErrorType,
  RelayRequestErrorType,
  RelayUnreachableErrorType,
  RelayUnreachableReason,
  TimeoutErrorType,
  TransportClosedErrorType,
} from './errors/relay.js'
export {
  IncomingMessageError,
  RelayDisconnectedError,
  RelayRequestError,
  RelayUnreachableError,
  TimeoutError,
  TransportClosedError,
} from './errors/relay.js'
export type {
  AccountNotSetErrorType,
  SessionErrorType,
  SignatureRejectedErrorType,
  SignatureRequestFailedErrorType,
  SignerNotConfiguredErrorType,
} from './errors/session.js'
export {
  AccountNotSetError,
  SignatureRejectedError,
  SignatureRequestFailedError,
  SignerNotConfiguredError,
} from './errors/session.js'
export type {
  TopicMessageErrorType,
  TopicMessageRejectReason,
  TopicRequestErrorType,
} from './errors/topics.js'
export { TopicMessageError, TopicRequestError } from './errors/topics.js'
export type { WireParseErrorType, WireParseReason } from './errors/wire.js'
export { WireParseError } from './errors/wire.js'
// Accounts and the sync message
export { getSyncMessage } from './keys/getSyncMessage.js'
export { normalizeAccount } from './keys/normalizeAccount.js'
export type { ParsedAccount } from './keys/parseAccount.js'
export { parseAccount } from './keys/parseAccount.js'
export type { LwwMap } from './lww/applyUpdate.js'
export type { Result } from './result.js'
export type {
  ChatSyncClientSource,
  ChatSyncConfig,
  ChatSyncEngineOptions,
  CreateChatSyncConfigParameters,
} from './session/createChatSyncConfig.js'
// Config: the engine, the sync-enable flow and its state, made once
export { createChatSyncConfig } from './session/createChatSyncConfig.js'
export type { ChatSyncSession, CreateChatSyncSessionParameters } from './session/createChatSyncSession.js'
// Session: the sync-enable flow and its state
export { createChatSyncSession } from './session/createChatSyncSession.js'
export type { SessionStateApi } from './session/createSessionState.js'
export type { CreateSignerParameters, SignRequester } from './session/createSigner.js'
export { createSigner } from './session/createSigner.js'
export type { QueryState } from './session/getQueryState.js'
export { getQueryState } from './session/getQueryState.js'
export type { StoreView, StoreViews } from './session/getStoreView.js'
export { getStoreView } from './session/getStoreView.js'
export { isUserRejection } from './session/isUserRejection.js'
export type { ChatSyncState, SessionState, SessionStatus } from './session/sessionState.js'
export type { Signer } from './session/signer.js'
export type {
  SessionChangeEvent,
  SessionClient,
  SessionClientEvents,
  SessionSnapshot,
  SessionStores,
  SessionWriteResult,
} from './session/types.js'
// Storage for React Native apps on react-native-mmkv (the default is the core's own storage)
export type { CreateMmkvStorageParameters, MmkvInstance } from './storage/createMmkvStorage.js'
export { createMmkvStorage } from './storage/createMmkvStorage.js'
export type {
  ChatStore,
  ChatStoreId,
  ChatStorePayloads,
  InviteKeys,
  ReceivedInviteStatus,
  SentInvite,
  Thread,
} from './stores/catalogue.js'
// The Chat stores and their payloads
export { CHAT_STORE_IDS, CHAT_STORES, parseStoreValue } from './stores/catalogue.js'
// The payloads as zod schemas, for apps that validate with zod (chatsync's own check loads no zod)
export { CHAT_STORE_SCHEMAS } from './stores/schemas.js'
