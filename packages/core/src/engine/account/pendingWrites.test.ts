import { describe, expect, test } from 'vitest'
import { type PendingWrite, PendingWrites } from './pendingWrites.js'

const set = (key: string, id: number, store: PendingWrite['store'] = 'threads'): PendingWrite => ({
  store,
  update: { type: 'set', id, key, value: { id } },
})
const ids = (pending: PendingWrites) => [...pending].map((write) => write.update.id)

describe('PendingWrites', () => {
  test('default: keeps writes in order and finds the newest id of a key', () => {
    const pending = PendingWrites.empty.append(set('a', 1)).append(set('b', 2)).append(set('a', 3))
    expect(pending.size).toBe(3)
    expect(ids(pending)).toEqual([1, 2, 3])
    expect(pending.idOf('threads', 'a')).toBe(3)
    expect(pending.idOf('threads', 'b')).toBe(2)
    expect(pending.idOf('sentInvites', 'a')).toBeUndefined()
    expect(pending.idOf('threads', 'c')).toBeUndefined()
  })

  test('behavior: an earlier value is unchanged by what was appended to a later one', () => {
    const one = PendingWrites.empty.append(set('a', 1))
    const two = one.append(set('a', 2))
    expect(one.idOf('threads', 'a')).toBe(1)
    expect(ids(one)).toEqual([1])
    expect(ids(two)).toEqual([1, 2])
    expect(PendingWrites.empty.size).toBe(0)
    expect(ids(PendingWrites.empty)).toEqual([])
  })

  test('behavior: two branches from one value each keep their own writes', () => {
    const base = PendingWrites.empty.append(set('a', 1))
    const left = base.append(set('a', 2)).append(set('l', 3))
    const right = base.append(set('a', 5))
    expect(ids(left)).toEqual([1, 2, 3])
    expect(ids(right)).toEqual([1, 5])
    expect(left.idOf('threads', 'a')).toBe(2)
    expect(right.idOf('threads', 'a')).toBe(5)
    expect(right.idOf('threads', 'l')).toBeUndefined()
    expect(base.idOf('threads', 'a')).toBe(1)
    expect(ids(right.append(set('r', 6)))).toEqual([1, 5, 6])
    expect(ids(left.append(set('x', 7)))).toEqual([1, 2, 3, 7])
  })

  test('behavior: lineages started from empty share no log', () => {
    const first = PendingWrites.empty.append(set('a', 1))
    const second = PendingWrites.empty.append(set('b', 2))
    expect(ids(first)).toEqual([1])
    expect(ids(second)).toEqual([2])
    expect(first.idOf('threads', 'b')).toBeUndefined()
    expect((PendingWrites.empty as unknown as { log: { writes: unknown[] } }).log.writes).toEqual([])
  })
})
