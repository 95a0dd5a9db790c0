import { afterEach, describe, expect, test, vi } from 'vitest'
import { createPayloadId } from './createPayloadId.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createPayloadId', () => {
  test('default: milliseconds followed by three digits', () => {
    const before = Date.now()
    const id = createPayloadId()
    const after = Date.now()
    expect(Number.isSafeInteger(id)).toBe(true)
    expect(Math.floor(id / 1000)).toBeGreaterThanOrEqual(before)
    expect(Math.floor(id / 1000)).toBeLessThanOrEqual(after + 1)
  })

  test('behavior: strictly increasing over 10,000 calls', () => {
    let previous = createPayloadId()
    for (let i = 0; i < 10_000; i++) {
      const id = createPayloadId()
      expect(id > previous).toBe(true)
      previous = id
    }
  })

  test('behavior: strictly increasing when the clock stalls or steps back', () => {
    const first = createPayloadId()
    vi.spyOn(Date, 'now').mockReturnValue(Math.floor(first / 1000) - 60_000)
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const second = createPayloadId()
    const third = createPayloadId()
    expect(second).toBe(first + 1)
    expect(third).toBe(first + 2)
  })
})
