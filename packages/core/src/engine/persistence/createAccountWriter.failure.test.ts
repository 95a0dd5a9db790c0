import { expect, test } from 'vitest'
import { applyUpdates, type StoreUpdate } from '../../lww/applyUpdate.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { loadStoredAccount } from './accountStorage.js'
import { createAccountWriter } from './createAccountWriter.js'
import { encodePersistedAccount } from './persistedAccount.js'
import { testAccount } from './testAccount.fixture.js'

const { account, base, topics } = testAccount
const set = (key: string, id: number): StoreUpdate<unknown> => ({
  type: 'set',
  id,
  key,
  value: { publicKey: `pub ${key}`, privateKey: `priv ${key}`, account: key },
})

test('behavior: what a failed write held is written again with the whole state (a snapshot), and loads', async () => {
  const data = new Map<string, unknown>()
  let failing = false
  const storage: ChatSyncStorage = {
    getItem: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    setItem: async (key, value) => {
      if (failing) throw new Error('disk full')
      data.set(key, structuredClone(value))
    },
    removeItem: async (key) => void data.delete(key),
  }
  let stores: ChatSyncStores = emptyStores()
  const writer = createAccountWriter({
    storage,
    base,
    position: undefined,
    record: () => encodePersistedAccount({ account, signature: undefined, topics, stores, outbox: [] }),
    entryCount: () => Object.keys(stores.inviteKeys.ids).length,
  })
  const change = (update: StoreUpdate<unknown>) => {
    stores = { ...stores, inviteKeys: applyUpdates(stores.inviteKeys, [update]) } as ChatSyncStores
    writer.add({ applied: { inviteKeys: [update] } })
  }
  await writer.write()
  const first = writer.position
  change(set('a', 1))
  await writer.write()
  // A journal entry after the first snapshot.
  expect(writer.position).toMatchObject({ slot: first.slot, generation: first.generation, nextSeq: 1 })

  failing = true
  change(set('b', 2))
  await expect(writer.write()).rejects.toThrow('disk full')
  expect(writer.position).toMatchObject({ slot: first.slot, generation: first.generation, nextSeq: 1 })
  failing = false
  // Nothing new was added, yet the next write is the whole state, in the other slot.
  await writer.write()
  expect(writer.position).toMatchObject({ slot: first.slot === 0 ? 1 : 0, generation: first.generation + 1 })
  const loaded = await loadStoredAccount({ storage, base, account, migrate: undefined })
  expect({ ...loaded?.stores.inviteKeys.ids }).toEqual({ a: 1, b: 2 })
})
