import { expect, test } from 'vitest'
import { identityOf, type OutboxItem, outboxItemKey, sameChange } from './outboxItem.js'

const base: OutboxItem = { store: 'threads', method: 'wc_syncSet', id: 7, key: 'k', value: '{"a":1}' }

test('behavior: one change is its store, method, id and key; the value does not tell changes apart', () => {
  expect(sameChange(base, { ...base, value: '{"a":2}' })).toBe(true)
  expect(outboxItemKey(base)).toBe(outboxItemKey({ ...base, value: '{"a":2}' } as OutboxItem))
  const others: OutboxItem[] = [
    { ...base, id: 8 },
    { ...base, key: 'other' },
    { ...base, store: 'inviteKeys' },
    { store: base.store, method: 'wc_syncDel', id: base.id, key: base.key },
  ]
  for (const other of others) {
    expect(sameChange(base, other)).toBe(false)
    expect(sameChange(other, base)).toBe(false)
    expect(outboxItemKey(other)).not.toBe(outboxItemKey(base))
  }
  expect(outboxItemKey(base)).toBe('threads wc_syncSet 7 k')
})

test('behavior: the identity of an item leaves its value out', () => {
  expect(identityOf(base)).toEqual({ store: 'threads', method: 'wc_syncSet', id: 7, key: 'k' })
})
