// @chatsync/core/internal: the protocol's building blocks and the engine's limits, for tests, tools and
// @chatsync/react. Not covered by semantic versioning: anything here may change in any release.

export { inspectStores, maskSecrets } from './engine/account/inspection.js'
export type { OutboxItem } from './engine/changes/outboxItem.js'
export { ENGINE_LIMITS } from './engine/limits.js'
export { PERSISTED_ACCOUNT_VERSION } from './engine/persistence/persistedAccount.js'
export { recoverPersonalSignAddress } from './engine/recoverPersonalSignAddress.js'
export type { OpenEnvelopeResult } from './engine/relay/envelope.js'
export { openEnvelope, sealEnvelope, storeKeyBytes } from './engine/relay/envelope.js'
export { relayRequest, withTimeout } from './engine/relay/relayRequest.js'
export type { ReadTypeOneEnvelopeResult } from './engine/relay/typeOneEnvelope.js'
export { readTypeOneEnvelope, sealTypeOneEnvelope } from './engine/relay/typeOneEnvelope.js'
export type { InvalidStoreNameErrorType, InvalidStoreNameReason } from './errors/keys.js'
export { InvalidStoreNameError } from './errors/keys.js'
export type { InvalidStoreUpdateErrorType } from './errors/lww.js'
export { InvalidStoreUpdateError } from './errors/lww.js'
export type {
  DeriveStoreKeysParameters,
  DeriveStoreKeysReturnType,
  StoreKeys,
} from './keys/deriveStoreKeys.js'
export { deriveStoreKeys } from './keys/deriveStoreKeys.js'
export type { DeriveSymKeyParameters } from './keys/deriveSymKey.js'
export { deriveSymKey, keyTopic } from './keys/deriveSymKey.js'
export { STORE_PATH_PREFIX, storePath } from './keys/storePath.js'
export type { StoreUpdate } from './lww/applyUpdate.js'
export { applyUpdate, applyUpdates, emptyLwwMap } from './lww/applyUpdate.js'
export type { ShareStructure } from './session/createSelection.js'
export { createSelection } from './session/createSelection.js'
export type { QueryResult, QueryStatusState } from './session/toQueryResult.js'
export { toQueryResult } from './session/toQueryResult.js'
export { createPayloadId } from './wire/createPayloadId.js'
export { parseSyncRequest } from './wire/parseSyncRequest.js'
export type { SyncMethod, SyncPublishOptions } from './wire/syncPublishOptions.js'
export { SYNC_PUBLISH_OPTIONS } from './wire/syncPublishOptions.js'
export type { SyncDelRequest, SyncRequest, SyncSetRequest, WireUpdate } from './wire/syncRequest.js'
export { buildSyncDel, buildSyncSet, isSyncId } from './wire/syncRequest.js'
