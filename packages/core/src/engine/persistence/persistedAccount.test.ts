import { describe, expect, test } from 'vitest'
import { applyUpdates, emptyLwwMap, type StoreUpdate } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { mergeRestoredAccounts, type RestoredAccount } from './persistedAccount.js'

const topics = byStore((storeId) => `${storeId.length}`.padStart(64, '0'))

function restored(
  inviteKeys: StoreUpdate<unknown>[],
  outbox: OutboxItem[] = [],
  signature?: string,
): RestoredAccount {
  const stores = byStore(() => emptyLwwMap()) as unknown as Record<string, unknown>
  stores.inviteKeys = applyUpdates(emptyLwwMap(), inviteKeys)
  return { signature, topics, stores: stores as ChatSyncStores, outbox }
}

const keys = (account: string) => ({ publicKey: `pub ${account}`, privateKey: `priv ${account}`, account })
const del = (id: number, key: string): OutboxItem => ({ store: 'inviteKeys', method: 'wc_syncDel', id, key })

describe('mergeRestoredAccounts', () => {
  test('behavior: per key the higher id wins, deletions included; outbox items once each, oldest first', () => {
    const base = restored(
      [
        { type: 'set', id: 5, key: 'a', value: keys('a') },
        { type: 'set', id: 9, key: 'b', value: keys('b') },
        { type: 'delete', id: 3, key: 'c' },
      ],
      [del(9, 'x'), del(12, 'y')],
      '0xsignature',
    )
    const other = restored(
      [
        { type: 'set', id: 7, key: 'a', value: keys('a2') },
        { type: 'delete', id: 10, key: 'b' },
        { type: 'set', id: 2, key: 'c', value: keys('c') },
        { type: 'set', id: 4, key: 'd', value: keys('d') },
      ],
      [del(12, 'y'), del(10, 'z')],
    )
    const merged = mergeRestoredAccounts(base, other)
    expect({ ...merged.stores.inviteKeys.entries }).toEqual({ a: keys('a2'), d: keys('d') })
    expect({ ...merged.stores.inviteKeys.ids }).toEqual({ a: 7, b: 10, c: 3, d: 4 })
    expect(merged.outbox).toEqual([del(9, 'x'), del(10, 'z'), del(12, 'y')])
    expect(merged.signature).toBe('0xsignature')
    expect(merged.topics).toBe(topics)
    // Stores neither side changed keep their state.
    expect(merged.stores.threads).toBe(base.stores.threads)
  })
})
