import { afterEach, expect, test, vi } from 'vitest'
import { backoffDelay } from './backoff.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const withRandom = (value: number, run: () => number) => {
  vi.spyOn(Math, 'random').mockReturnValue(value)
  const result = run()
  vi.restoreAllMocks()
  return result
}

test('default: about 500 ms first, doubling per attempt, at most 30 s, jittered over the upper half', () => {
  expect(withRandom(0, () => backoffDelay(0))).toBe(250)
  expect(withRandom(0.999_999, () => backoffDelay(0))).toBe(500)
  expect(withRandom(0.5, () => backoffDelay(1))).toBe(750)
  expect(withRandom(0.999_999, () => backoffDelay(3))).toBe(4000)
  expect(withRandom(0.999_999, () => backoffDelay(10))).toBe(30_000)
  expect(withRandom(0, () => backoffDelay(10))).toBe(15_000)
})

test('behavior: custom base and ceiling; the exponent stops growing after 16 attempts', () => {
  expect(withRandom(0.999_999, () => backoffDelay(2, 100, 1000))).toBe(400)
  expect(withRandom(0.999_999, () => backoffDelay(5, 100, 1000))).toBe(1000)
  expect(withRandom(0.999_999, () => backoffDelay(16, 1, 1e12))).toBe(65_536)
  expect(withRandom(0.999_999, () => backoffDelay(40, 1, 1e12))).toBe(65_536)
})

test('behavior: every delay is within [ceiling / 2, ceiling]', () => {
  for (let attempt = 0; attempt < 8; attempt++) {
    const ceiling = Math.min(30_000, 500 * 2 ** attempt)
    for (let n = 0; n < 20; n++) {
      const delay = backoffDelay(attempt)
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
      expect(delay).toBeLessThanOrEqual(ceiling)
    }
  }
})
