import { describe, expect, test } from 'vitest'
import type { OutboxItem } from '../changes/outboxItem.js'
import { createUnsyncedKeys } from './createUnsyncedKeys.js'

const set = (key: string, id: number): OutboxItem => ({
  store: 'threads',
  method: 'wc_syncSet',
  id,
  key,
  value: '{}',
})
const del = (key: string, id: number): OutboxItem => ({ store: 'sentInvites', method: 'wc_syncDel', id, key })

describe('createUnsyncedKeys', () => {
  test('default: restored writes are unsynced until delivered; other stores keep their set', () => {
    const tracker = createUnsyncedKeys([set('a', 1), del('x', 2)])
    const before = tracker.get()
    expect([...before.threads]).toEqual(['a'])
    expect([...before.sentInvites]).toEqual(['x'])
    expect(tracker.delivered([set('a', 1)])).toEqual(['threads'])
    const after = tracker.get()
    expect(after.threads.size).toBe(0)
    expect(after.sentInvites).toBe(before.sentInvites)
    expect(after.inviteKeys).toBe(before.inviteKeys)
  })

  test('behavior: a key stays unsynced while any of its writes is undelivered', () => {
    const tracker = createUnsyncedKeys([])
    tracker.add(set('a', 1))
    tracker.add(set('a', 2))
    expect(tracker.delivered([set('a', 1)])).toEqual([])
    expect([...tracker.get().threads]).toEqual(['a'])
    expect(tracker.delivered([set('a', 2)])).toEqual(['threads'])
    expect(tracker.get().threads.size).toBe(0)
  })

  test('behavior: a delivery of something never added (a refresh) changes nothing, and the sets keep their reference', () => {
    const tracker = createUnsyncedKeys([set('a', 1)])
    const before = tracker.get()
    expect(tracker.delivered([set('b', 5), set('a', 0)])).toEqual([])
    expect(tracker.get()).toBe(before)
  })

  test('behavior: another write to a key already unsynced changes no set', () => {
    const tracker = createUnsyncedKeys([set('a', 1)])
    const before = tracker.get()
    tracker.add(set('a', 2))
    expect(tracker.get()).toBe(before)
    expect([...before.threads]).toEqual(['a'])
  })

  test('behavior: the same write added twice (another tab took it over) is delivered once', () => {
    const tracker = createUnsyncedKeys([])
    tracker.add(set('a', 1))
    tracker.add(set('a', 1))
    expect(tracker.delivered([set('a', 1)])).toEqual(['threads'])
    expect(tracker.get().threads.size).toBe(0)
  })
})
