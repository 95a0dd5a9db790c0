import { replaceEqualDeep } from '@tanstack/query-core'
import { expect, test } from 'vitest'
import { createSelection } from './createSelection.js'

test('behavior: made again only for a new source or select, sharing what is unchanged', () => {
  const selection = createSelection<readonly { id: number }[], number[]>(replaceEqualDeep)
  const source = [{ id: 1 }, { id: 2 }]
  let calls = 0
  const ids = (list: readonly { id: number }[]) => {
    calls++
    return list.map((item) => item.id)
  }
  const first = selection(source, ids)
  expect(first).toEqual([1, 2])
  expect(selection(source, ids)).toBe(first)
  expect(calls).toBe(1)
  // An inline select (a new function) with the same result: the same array.
  expect(selection(source, (list) => list.map((item) => item.id))).toBe(first)
  // A new source with other contents: a new selection.
  expect(selection([{ id: 3 }], ids)).toEqual([3])
  // No select: the source itself.
  expect(selection(source, undefined)).toBe(source)
})
