import { describe, expect, test } from 'vitest'
import { applyUpdates } from '../../lww/applyUpdate.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import {
  addLocalWrites,
  type LocalWrites,
  localKeysOf,
  localWriteKey,
  mergeLocalWrites,
} from './localWrites.js'

const stores = (): ChatSyncStores => {
  const empty = emptyStores()
  return {
    ...empty,
    inviteKeys: applyUpdates(empty.inviteKeys, [
      { type: 'set', id: 5, key: 'mine', value: { publicKey: 'p', privateKey: 'q', account: 'a' } },
      { type: 'delete', id: 6, key: 'deleted here' },
      { type: 'delete', id: 9, key: 'replaced' },
    ]),
  } as ChatSyncStores
}

describe('local writes', () => {
  test('behavior: an entry is local while it holds the change written here; an older id never replaces a newer one', () => {
    const local: LocalWrites = new Map()
    addLocalWrites(local, [
      { store: 'inviteKeys', method: 'wc_syncSet', id: 5, key: 'mine' },
      { store: 'inviteKeys', method: 'wc_syncDel', id: 6, key: 'deleted here' },
      { store: 'inviteKeys', method: 'wc_syncSet', id: 7, key: 'replaced' },
      { store: 'threads', method: 'wc_syncSet', id: 8, key: 'mine' },
      { store: 'inviteKeys', method: 'wc_syncSet', id: 4, key: 'mine' },
    ])
    expect(local.get(localWriteKey('inviteKeys', 'mine'))).toBe(5)
    // The same key in another store is another entry.
    expect(local.get(localWriteKey('threads', 'mine'))).toBe(8)
    // `replaced` holds a newer change from elsewhere; `threads` holds nothing of `mine`.
    expect(localKeysOf(local, stores())).toEqual({ inviteKeys: ['mine', 'deleted here'] })
    expect(localKeysOf(new Map(), stores())).toEqual({})
  })

  test('behavior: keys that look like object members, or hold the separator, are entries like any other', () => {
    const local: LocalWrites = new Map()
    const current = applyUpdates(emptyStores().threads, [
      { type: 'delete', id: 3, key: '__proto__' },
      { type: 'delete', id: 4, key: 'a\u0000b' },
    ])
    addLocalWrites(local, [
      { store: 'threads', method: 'wc_syncDel', id: 3, key: '__proto__' },
      { store: 'threads', method: 'wc_syncDel', id: 4, key: 'a\u0000b' },
    ])
    expect(localKeysOf(local, { ...emptyStores(), threads: current } as ChatSyncStores)).toEqual({
      threads: ['__proto__', 'a\u0000b'],
    })
  })

  test('behavior: merging keeps every entry of both, the newer id where both have one', () => {
    const a = new Map([
      [localWriteKey('threads', 'x'), 5],
      [localWriteKey('threads', 'y'), 9],
    ])
    const b = new Map([
      [localWriteKey('threads', 'x'), 7],
      [localWriteKey('threads', 'y'), 8],
      [localWriteKey('threads', 'z'), 1],
    ])
    expect(mergeLocalWrites(a, b)).toEqual(
      new Map([
        [localWriteKey('threads', 'x'), 7],
        [localWriteKey('threads', 'y'), 9],
        [localWriteKey('threads', 'z'), 1],
      ]),
    )
    // Neither is changed.
    expect(a.get(localWriteKey('threads', 'x'))).toBe(5)
    expect(b.size).toBe(3)
  })
})
