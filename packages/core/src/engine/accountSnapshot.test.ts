import { expect, test } from 'vitest'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import { EMPTY_SNAPSHOT, emptyStores } from './accountSnapshot.js'

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
