import { expect, test } from 'vitest'
import * as core from './index.js'
import * as internal from './internal.js'

test('exports: the protocol layer is reachable from the public or the internal entry', () => {
  const names = [...Object.keys(core), ...Object.keys(internal)]
  expect(
    [
      'BaseError',
      'CHAT_STORES',
      'CHAT_STORE_IDS',
      'InvalidAccountError',
      'InvalidSignatureError',
      'InvalidStoreNameError',
      'InvalidStoreUpdateError',
      'PayloadValidationError',
      'STORE_PATH_PREFIX',
      'SYNC_PUBLISH_OPTIONS',
      'WireParseError',
      'applyUpdate',
      'applyUpdates',
      'buildSyncDel',
      'buildSyncSet',
      'createPayloadId',
      'deriveStoreKeys',
      'emptyLwwMap',
      'getSyncMessage',
      'isSyncId',
      'parseAccount',
      'parseStoreValue',
      'parseSyncRequest',
      'storePath',
    ].filter((name) => !names.includes(name)),
  ).toEqual([])
})

test('exports: @chatsync/core (an accidental export fails here)', () => {
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "AccountNotRegisteredError",
      "AccountNotSetError",
      "BaseError",
      "CHAT_STORES",
      "CHAT_STORE_IDS",
      "ClientDestroyedError",
      "DeliveryCancelledError",
      "IncomingMessageError",
      "InvalidAccountError",
      "InvalidSignatureError",
      "InvalidStoreKeyError",
      "PayloadTooLargeError",
      "PayloadValidationError",
      "RelayDisconnectedError",
      "RelayRequestError",
      "SignatureMismatchError",
      "SignatureRejectedError",
      "SignatureRequestFailedError",
      "SignerNotConfiguredError",
      "StorageError",
      "TimeoutError",
      "TransportClosedError",
      "UnknownStoreError",
      "WireParseError",
      "createChatSync",
      "createChatSyncSession",
      "createSigner",
      "deleteStoreValue",
      "deleteStoreValueMutationOptions",
      "getInviteKeys",
      "getReceivedInviteStatuses",
      "getSentInvites",
      "getStore",
      "getStoreView",
      "getSyncMessage",
      "getThreads",
      "isUserRejection",
      "parseAccount",
      "parseStoreValue",
      "setStoreValue",
      "setStoreValueMutationOptions",
      "watchErrors",
      "watchInviteKeys",
      "watchReceivedInviteStatuses",
      "watchSentInvites",
      "watchStore",
      "watchStores",
      "watchThreads",
    ]
  `)
})

test('exports: @chatsync/core/internal', () => {
  expect(Object.keys(internal).sort()).toMatchInlineSnapshot(`
    [
      "ENGINE_LIMITS",
      "InvalidStoreNameError",
      "InvalidStoreUpdateError",
      "PERSISTED_ACCOUNT_VERSION",
      "STORE_PATH_PREFIX",
      "SYNC_PUBLISH_OPTIONS",
      "applyUpdate",
      "applyUpdates",
      "buildSyncDel",
      "buildSyncSet",
      "createPayloadId",
      "deriveStoreKeys",
      "emptyLwwMap",
      "isSyncId",
      "parseSyncRequest",
      "recoverPersonalSignAddress",
      "storePath",
    ]
  `)
})
