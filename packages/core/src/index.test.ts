import { join } from 'node:path'
import { exportList } from '@chatsync/test/exportList'
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

test.each([
  ['@chatsync/core', 'index.ts', core],
  ['@chatsync/core/internal', 'internal.ts', internal],
])(
  'exports: %s has exactly these names (an export added or removed must update its list)',
  (_, file, module) => {
    const names = exportList(join(import.meta.dirname, file))
    // The list read from the source is what the module exports at run time, plus its types.
    expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(module).sort())
    expect(names).toMatchSnapshot()
  },
)
