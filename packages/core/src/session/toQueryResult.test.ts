import { describe, expect, test } from 'vitest'
import { toQueryResult } from './toQueryResult.js'

describe('toQueryResult', () => {
  test.each([
    ['pending', 'fetching', { isPending: true, isLoading: true, isFetching: true, isPaused: false }],
    ['pending', 'paused', { isPending: true, isLoading: false, isFetching: false, isPaused: true }],
    ['success', 'fetching', { isSuccess: true, isLoading: false, isFetching: true, isPaused: false }],
    ['success', 'idle', { isSuccess: true, isPending: false, isFetching: false, isError: false }],
    ['error', 'idle', { isError: true, isSuccess: false, isPending: false, isLoading: false }],
  ] as const)(
    'behavior: status %s and fetchStatus %s give the flags TanStack Query gives',
    (status, fetchStatus, flags) => {
      const error = status === 'error' ? new Error('failed') : null
      const result = toQueryResult({ status, fetchStatus, error }, status === 'success' ? [1] : undefined)
      expect(result).toMatchObject({ status, fetchStatus, error, ...flags })
      expect(result.data).toEqual(status === 'success' ? [1] : undefined)
    },
  )
})
