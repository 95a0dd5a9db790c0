// Engine: live, synchronised stores on a WalletConnect core
export type { ChatSyncCore, ChatSyncLogger, ChatSyncStorage } from './engine/chatSyncCore.js'
export { createChatSync } from './engine/createChatSync.js'
export {
  AccountNotRegisteredError,
  type AccountNotRegisteredErrorType,
  ClientDestroyedError,
  type ClientDestroyedErrorType,
  DeliveryCancelledError,
  type DeliveryCancelledErrorType,
  IncomingMessageError,
  type IncomingMessageErrorType,
  type IncomingMessageRejectReason,
  InvalidStoreKeyError,
  type InvalidStoreKeyErrorType,
  PayloadTooLargeError,
  type PayloadTooLargeErrorType,
  RelayDisconnectedError,
  type RelayDisconnectedErrorType,
  RelayRequestError,
  type RelayRequestErrorType,
  SignatureMismatchError,
  type SignatureMismatchErrorType,
  StorageError,
  type StorageErrorType,
  TransportClosedError,
  type TransportClosedErrorType,
  UnknownStoreError,
  type UnknownStoreErrorType,
} from './engine/errors.js'
export {
  type OutboxItem,
  PERSISTED_ACCOUNT_VERSION,
  type PersistedAccount,
} from './engine/persistedAccount.js'
export { recoverPersonalSignAddress } from './engine/recoverPersonalSignAddress.js'
export { ENGINE_LIMITS, TimeoutError, type TimeoutErrorType } from './engine/timing.js'
export type {
  AccountSnapshot,
  ChatSyncChangeEvent,
  ChatSyncClient,
  ChatSyncEvents,
  ChatSyncReportedErrorType,
  ChatSyncStores,
  ChatSyncWriteResult,
  CreateChatSyncParameters,
  DeleteErrorType,
  RegisterErrorType,
  SetErrorType,
} from './engine/types.js'
export {
  InvalidAccountError,
  type InvalidAccountErrorType,
  type InvalidAccountReason,
} from './errors/account.js'
export { BaseError, type BaseErrorParameters, type BaseErrorType } from './errors/base.js'
export {
  InvalidSignatureError,
  type InvalidSignatureErrorType,
  InvalidStoreNameError,
  type InvalidStoreNameErrorType,
  type InvalidStoreNameReason,
} from './errors/keys.js'
export { InvalidStoreUpdateError, type InvalidStoreUpdateErrorType } from './errors/lww.js'
export {
  type PayloadIssue,
  PayloadValidationError,
  type PayloadValidationErrorType,
} from './errors/payload.js'
export { WireParseError, type WireParseErrorType, type WireParseReason } from './errors/wire.js'
export {
  type DeriveStoreKeysParameters,
  type DeriveStoreKeysReturnType,
  deriveStoreKeys,
  type StoreKeys,
} from './keys/deriveStoreKeys.js'
export { getSyncMessage } from './keys/getSyncMessage.js'
export { type ParsedAccount, parseAccount } from './keys/parseAccount.js'
export { STORE_PATH_PREFIX, storePath } from './keys/storePath.js'
export {
  applyUpdate,
  applyUpdates,
  emptyStoreState,
  type StoreState,
  type StoreUpdate,
} from './lww/applyUpdate.js'
export type { Result } from './result.js'
// Session: the sync-enable flow
export {
  type ChatSyncSession,
  type CreateChatSyncSessionParameters,
  createChatSyncSession,
} from './session/createChatSyncSession.js'
export { type CreateSignerParameters, createSigner, type SignRequester } from './session/createSigner.js'
export {
  type DeleteStoreValueErrorType,
  type DeleteStoreValueParameters,
  type DeleteStoreValueReturnType,
  deleteStoreValue,
  deleteStoreValueMutationOptions,
} from './session/deleteStoreValue.js'
export {
  AccountNotSetError,
  type AccountNotSetErrorType,
  type SessionErrorType,
  SignatureRejectedError,
  type SignatureRejectedErrorType,
  SignatureRequestFailedError,
  type SignatureRequestFailedErrorType,
  SignerNotConfiguredError,
  type SignerNotConfiguredErrorType,
} from './session/errors.js'
export { getStoreView, type StoreView } from './session/getStoreView.js'
export { isUserRejection } from './session/isUserRejection.js'
export type { SessionState, SessionStatus } from './session/sessionState.js'
export {
  type SetStoreValueErrorType,
  type SetStoreValueParameters,
  type SetStoreValueReturnType,
  setStoreValue,
  setStoreValueMutationOptions,
} from './session/setStoreValue.js'
export type { Signer } from './session/signer.js'
export type {
  SessionChangeEvent,
  SessionClient,
  SessionClientEvents,
  SessionSnapshot,
  SessionStores,
  SessionWriteResult,
} from './session/types.js'
export { type WatchErrorsEvent, watchErrors } from './session/watchErrors.js'
export { type StoreViews, type WatchStoresParameters, watchStores } from './session/watchStores.js'
export {
  CHAT_STORE_IDS,
  CHAT_STORES,
  type ChatStore,
  type ChatStoreId,
  type ChatStorePayloads,
  type InviteKeys,
  parseStoreValue,
  type ReceivedInviteStatus,
  type SentInvite,
  type Thread,
} from './stores/catalogue.js'
export { createPayloadId } from './wire/createPayloadId.js'
export { parseSyncRequest } from './wire/parseSyncRequest.js'
export {
  SYNC_PUBLISH_OPTIONS,
  type SyncMethod,
  type SyncPublishOptions,
} from './wire/syncPublishOptions.js'
export {
  buildSyncDel,
  buildSyncSet,
  isSyncId,
  type SyncDelRequest,
  type SyncRequest,
  type SyncSetRequest,
  type WireUpdate,
} from './wire/syncRequest.js'
