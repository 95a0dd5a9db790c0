import { expect, test } from 'vitest'
import * as core from './index.js'

test('exports: the protocol layer', () => {
  const names = Object.keys(core)
  // Other modules add their own exports; this pins the protocol layer's runtime names.
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
      'emptyStoreState',
      'getSyncMessage',
      'isSyncId',
      'parseAccount',
      'parseStoreValue',
      'parseSyncRequest',
      'storePath',
    ].filter((name) => !names.includes(name)),
  ).toEqual([])
})
