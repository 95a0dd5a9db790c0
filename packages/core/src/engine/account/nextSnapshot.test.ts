import { describe, expect, test } from 'vitest'
import { type AccountSnapshot, emptyStores } from '../accountSnapshot.js'
import { createUnsyncedKeys } from './createUnsyncedKeys.js'
import { nextSnapshot } from './nextSnapshot.js'

describe('nextSnapshot', () => {
  const parts = (): AccountSnapshot => ({
    status: 'ready',
    stores: emptyStores(),
    unsynced: createUnsyncedKeys([]).get(),
    restored: false,
    connection: 'connected',
  })

  test('default: the previous snapshot while no part changed, else a new frozen one', () => {
    const first = nextSnapshot(undefined, parts())
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first.stores)).toBe(true)
    expect(nextSnapshot(first, { ...first })).toBe(first)
    // `restored` alone does not make a new snapshot (it changes only with the status).
    expect(nextSnapshot(first, { ...first, restored: true })).toBe(first)
    for (const change of [
      { status: 'syncing' as const },
      { stores: emptyStores() },
      { unsynced: createUnsyncedKeys([]).get() },
      { connection: 'offline' as const },
    ]) {
      const next = nextSnapshot(first, { ...first, ...change })
      expect(next).not.toBe(first)
      expect(next).toMatchObject(change)
    }
  })
})
