import { payloads } from '@chatsync/test'
import {
  createMemoryAsyncStorage,
  createMemoryMmkv,
  createWalletConnectStorage,
} from '@chatsync/test/react-native'
import { describe, expect, test } from 'vitest'
import { emptyStores } from '../engine/accountSnapshot.js'
import type { ChatSyncStorage } from '../engine/chatSyncCore.js'
import { loadStoredAccount } from '../engine/persistence/accountStorage.js'
import { createAccountWriter } from '../engine/persistence/createAccountWriter.js'
import { encodePersistedAccount } from '../engine/persistence/persistedAccount.js'
import { removeStoredAccount } from '../engine/persistence/removeStoredAccount.js'
import { testAccount } from '../engine/persistence/testAccount.fixture.js'
import type { StoreUpdate } from '../lww/applyUpdate.js'
import { createMmkvStorage } from './createMmkvStorage.js'
import { undoBigIntParsing } from './undoBigIntParsing.js'

/*
 * Persistence on the storages of React Native apps: the WalletConnect core's own (its React Native build
 * on AsyncStorage; chatsync's default there, read through `undoBigIntParsing` as the engine does), and
 * react-native-mmkv. Both keep values as JSON text. A snapshot, journal entries after it, loading, and
 * removing; values quoting long numbers and every kind of character.
 */

const { account, base, topics } = testAccount
const messages = [
  'Card 12345678901234567890, expires 2030',
  'ids [12345678901234567]',
  '{"not":"json" 98765432109876543210}',
  'caf\u00e9 \u20ac \u{1f600} \u4e2d\u6587',
]

const adapters: [string, () => ChatSyncStorage][] = [
  [
    'the core’s React Native storage (AsyncStorage)',
    () => undoBigIntParsing(createWalletConnectStorage(createMemoryAsyncStorage())),
  ],
  ['react-native-mmkv', () => createMmkvStorage({ mmkv: createMemoryMmkv() })],
]

describe('persistence on React Native storages', () => {
  test.each(adapters)('default: %s keeps a snapshot and the journal after it', async (_, makeStorage) => {
    const storage = makeStorage()
    let stores = emptyStores()
    const writer = createAccountWriter({
      storage,
      base,
      position: undefined,
      record: () => encodePersistedAccount({ account, signature: undefined, topics, stores, outbox: [] }),
      entryCount: () => Object.keys(stores.sentInvites.ids).length,
    })
    const expected: Record<string, unknown> = {}
    for (const [n, message] of messages.entries()) {
      const value = payloads.sentInvite(n, { message })
      const update: StoreUpdate<unknown> = {
        type: 'set',
        id: 1_700_000_000_000_000 + n,
        key: value.responseTopic,
        value,
      }
      const entries = Object.assign(Object.create(null), stores.sentInvites.entries, { [update.key]: value })
      const ids = Object.assign(Object.create(null), stores.sentInvites.ids, { [update.key]: update.id })
      stores = { ...stores, sentInvites: { entries, ids } } as typeof stores
      expected[update.key] = value
      writer.add({ applied: { sentInvites: [update] } })
      await writer.write()
    }
    const loaded = await loadStoredAccount({ storage, base, account, migrate: undefined })
    expect({ ...loaded?.stores.sentInvites.entries }).toEqual(expected)
    expect(loaded?.topics).toEqual(topics)
    await removeStoredAccount(storage, base, loaded?.position)
    expect(await loadStoredAccount({ storage, base, account, migrate: undefined })).toBeUndefined()
  })
})
