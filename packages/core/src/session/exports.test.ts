import { expect, test } from 'vitest'
import * as core from '../index.js'

test('exports: the session', () => {
  const names = Object.keys(core)
  // Other modules add their own exports; this pins the session's runtime names.
  const session = [
    'AccountNotSetError',
    'SignatureRejectedError',
    'SignatureRequestFailedError',
    'SignerNotConfiguredError',
    'createChatSyncSession',
    'createSigner',
    'deleteStoreValue',
    'deleteStoreValueMutationOptions',
    'getStoreView',
    'isUserRejection',
    'setStoreValue',
    'setStoreValueMutationOptions',
    'watchErrors',
    'watchStores',
  ]
  expect(session.filter((name) => !names.includes(name))).toEqual([])
})
