import { afterEach, expect, test, vi } from 'vitest'
import { scheduleSoon } from './scheduleSoon.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

test('default: runs after the current macrotask, after its promise callbacks', async () => {
  const order: string[] = []
  const done = new Promise<void>((resolve) => {
    scheduleSoon(() => {
      order.push('soon')
      resolve()
    })
  })
  void Promise.resolve().then(() => order.push('microtask'))
  order.push('sync')
  await done
  expect(order).toEqual(['sync', 'microtask', 'soon'])
})

test('behavior: without setImmediate (a browser), a zero timeout', async () => {
  vi.stubGlobal('setImmediate', undefined)
  vi.useFakeTimers({ toFake: ['setTimeout'] })
  try {
    const task = vi.fn()
    scheduleSoon(task)
    expect(task).not.toHaveBeenCalled()
    vi.advanceTimersByTime(0)
    expect(task).toHaveBeenCalledTimes(1)
  } finally {
    vi.useRealTimers()
  }
})

test('behavior: where there is setImmediate (Node), it is used rather than a timer', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout'] })
  try {
    const task = vi.fn()
    scheduleSoon(task)
    await new Promise((resolve) => setImmediate(resolve))
    expect(task).toHaveBeenCalledTimes(1)
  } finally {
    vi.useRealTimers()
  }
})
