import { describe, expect, test } from 'vitest'
import { BaseError } from '../errors/base.js'
import { DEFAULT_RETENTION, resolveRetention } from './retention.js'

const DAY_MS = 86_400_000

describe('resolveRetention', () => {
  test('default: 30 days, refreshed after 22.5 days plus up to 3.75 days, tombstones kept forever, checked every 10 minutes', () => {
    expect(resolveRetention()).toEqual({
      ttlSeconds: 30 * 86_400,
      refreshAfterMs: 22.5 * DAY_MS,
      jitterMs: 3.75 * DAY_MS,
      tombstoneMs: Number.POSITIVE_INFINITY,
      checkEveryMs: 10 * 60_000,
    })
    expect(resolveRetention({})).toEqual(resolveRetention())
    expect(DEFAULT_RETENTION).toEqual({
      ttlSeconds: 30 * 86_400,
      refreshAfterSeconds: 22.5 * 86_400,
      tombstoneSeconds: Number.POSITIVE_INFINITY,
    })
    expect(Object.isFrozen(DEFAULT_RETENTION)).toBe(true)
  })

  test('behavior: a ttl alone refreshes after three quarters of it; the jitter is half the rest', () => {
    expect(resolveRetention({ ttlSeconds: 400 })).toEqual({
      ttlSeconds: 400,
      refreshAfterMs: 300_000,
      jitterMs: 50_000,
      tombstoneMs: Number.POSITIVE_INFINITY,
      checkEveryMs: 500,
    })
  })

  test('behavior: what the app gives is used as given; a fractional ttl is published rounded up', () => {
    expect(resolveRetention({ ttlSeconds: 4.5, refreshAfterSeconds: 2.5, tombstoneSeconds: 8 })).toEqual({
      ttlSeconds: 5,
      refreshAfterMs: 2500,
      jitterMs: 1000,
      tombstoneMs: 8000,
      checkEveryMs: 10,
    })
    // The default ttl with another refresh horizon, and tombstones that age out at once.
    expect(resolveRetention({ refreshAfterSeconds: 86_400, tombstoneSeconds: 0 })).toMatchObject({
      ttlSeconds: 30 * 86_400,
      refreshAfterMs: DAY_MS,
      jitterMs: 14.5 * DAY_MS,
      tombstoneMs: 0,
    })
  })

  test('behavior: checks are a hundredth of the jitter, at least 10 ms and at most 10 minutes', () => {
    expect(resolveRetention({ ttlSeconds: 2, refreshAfterSeconds: 1 }).checkEveryMs).toBe(10)
    expect(resolveRetention({ ttlSeconds: 6, refreshAfterSeconds: 2 }).checkEveryMs).toBe(20)
    expect(resolveRetention({ ttlSeconds: 86_400 }).checkEveryMs).toBe(108_000)
    expect(resolveRetention({ ttlSeconds: 86_400 * 2 }).checkEveryMs).toBe(216_000)
    expect(resolveRetention({ ttlSeconds: 86_400 * 7 }).checkEveryMs).toBe(600_000)
  })

  test.each([
    { ttlSeconds: 0 },
    { ttlSeconds: -30 },
    { ttlSeconds: Number.NaN },
    { ttlSeconds: 10, refreshAfterSeconds: 10 },
    { ttlSeconds: 10, refreshAfterSeconds: 11 },
    { ttlSeconds: 10, refreshAfterSeconds: 0 },
    { ttlSeconds: 10, refreshAfterSeconds: -1 },
    { ttlSeconds: 10, refreshAfterSeconds: Number.NaN },
    { refreshAfterSeconds: 30 * 86_400 },
    { tombstoneSeconds: -1 },
    { tombstoneSeconds: Number.NaN },
  ])('error: values that cannot work are refused: %o', (parameters) => {
    expect(() => resolveRetention(parameters)).toThrowError(BaseError)
    expect(() => resolveRetention(parameters)).toThrowError(
      expect.objectContaining({
        shortMessage: 'Invalid retention.',
        details: 'Expected ttlSeconds > refreshAfterSeconds > 0 and tombstoneSeconds >= 0.',
      }),
    )
  })
})
