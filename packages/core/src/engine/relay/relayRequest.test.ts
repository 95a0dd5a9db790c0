import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { TimeoutError } from '../../errors/relay.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { relayRequest, withTimeout } from './relayRequest.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('withTimeout', () => {
  test('default: settles as the promise does, and clears its timer', async () => {
    await expect(withTimeout(Promise.resolve(5), 100, 'op')).resolves.toBe(5)
    await expect(withTimeout(Promise.reject(new Error('no')), 100, 'op')).rejects.toThrow('no')
    expect(vi.getTimerCount()).toBe(0)
  })

  test('behavior: a promise unsettled after `ms` fails with a TimeoutError naming the operation', async () => {
    const never = withTimeout(new Promise(() => {}), 100, 'irn_publish')
    const outcome = never.catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(99)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    const error = await outcome
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ details: 'irn_publish did not settle within 100 ms.' })
  })

  test('behavior: the timer does not keep a Node process alive', () => {
    vi.useRealTimers()
    const unref = vi.spyOn(globalThis, 'setTimeout')
    const pending = withTimeout(Promise.resolve(), 100, 'op')
    const timer = unref.mock.results[0]?.value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(false)
    return pending
  })
})

test('behavior: in a browser (timers are numbers, with no unref) it works as well', async () => {
  vi.useRealTimers()
  vi.stubGlobal('setTimeout', () => 7)
  vi.stubGlobal('clearTimeout', () => {})
  try {
    const answer = new Promise((resolve) => queueMicrotask(() => resolve('ok')))
    await expect(withTimeout(answer, 100, 'op')).resolves.toBe('ok')
  } finally {
    vi.unstubAllGlobals()
  }
})

describe('relayRequest', () => {
  test('behavior: sends the method and params through the core, and times out after 15 s', async () => {
    const request = vi.fn(() => new Promise(() => {}))
    const core = { relayer: { request } } as unknown as ChatSyncCore
    const sent = relayRequest(core, 'irn_batchFetchMessages', { topics: ['t'] }).catch(
      (error: unknown) => error,
    )
    expect(request).toHaveBeenCalledWith({ method: 'irn_batchFetchMessages', params: { topics: ['t'] } })
    await vi.advanceTimersByTimeAsync(14_999)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await sent).toBeInstanceOf(TimeoutError)
  })
})
