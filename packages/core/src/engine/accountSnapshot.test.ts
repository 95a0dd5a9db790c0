import { expect, test } from 'vitest'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import { EMPTY_SNAPSHOT, emptyStores, idleSnapshot } from './accountSnapshot.js'

test('default: an account not registered here is idle with every store empty, and cannot be changed', () => {
  expect(EMPTY_SNAPSHOT.status).toBe('idle')
  expect(Object.keys(EMPTY_SNAPSHOT.stores)).toEqual([...CHAT_STORE_IDS])
  for (const store of CHAT_STORE_IDS) {
    expect(Object.keys(EMPTY_SNAPSHOT.stores[store].entries)).toEqual([])
    expect(Object.keys(EMPTY_SNAPSHOT.stores[store].ids)).toEqual([])
    expect(Object.isFrozen(EMPTY_SNAPSHOT.stores[store])).toBe(true)
  }
  expect(Object.isFrozen(EMPTY_SNAPSHOT)).toBe(true)
  expect(Object.isFrozen(EMPTY_SNAPSHOT.stores)).toBe(true)
})

test('behavior: emptyStores makes fresh, separate stores each time', () => {
  const [a, b] = [emptyStores(), emptyStores()]
  expect(a.threads).not.toBe(b.threads)
  expect(Object.keys(a)).toEqual([...CHAT_STORE_IDS])
})

test('behavior: the idle snapshot of each connection status: nothing restored, nothing unsynced, one object per status', () => {
  for (const connection of ['connecting', 'connected', 'offline'] as const) {
    const snapshot = idleSnapshot(connection)
    expect(snapshot).toMatchObject({ status: 'idle', restored: false, connection })
    expect(snapshot.stores).toBe(EMPTY_SNAPSHOT.stores)
    for (const store of CHAT_STORE_IDS) expect(snapshot.unsynced[store].size).toBe(0)
    expect(idleSnapshot(connection)).toBe(snapshot)
  }
  expect(idleSnapshot('connecting')).toBe(EMPTY_SNAPSHOT)
})
