import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createPersister } from './createPersister.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function setup() {
  const writes: number[] = []
  let state = 0
  let release: (() => void) | undefined
  let slow = false
  const persister = createPersister({
    delayMs: 100,
    onError: () => {},
    write: async () => {
      writes.push(state)
      if (slow) await new Promise<void>((resolve) => (release = resolve))
    },
  })
  return {
    persister,
    writes,
    change: (value: number) => {
      state = value
      persister.schedule()
    },
    slow: (value: boolean) => {
      slow = value
    },
    release: () => release?.(),
  }
}

test('default: a change after a quiet period is written on the next turn; more within the delay make one write', async () => {
  const { change, writes } = setup()
  for (let n = 1; n <= 500; n++) change(n)
  expect(writes).toEqual([])
  await vi.advanceTimersByTimeAsync(0)
  expect(writes).toEqual([500])
  for (let n = 501; n <= 600; n++) change(n)
  await vi.advanceTimersByTimeAsync(99)
  expect(writes).toEqual([500])
  await vi.advanceTimersByTimeAsync(1)
  expect(writes).toEqual([500, 600])
  // Quiet again: the next change is written at once.
  await vi.advanceTimersByTimeAsync(100)
  change(601)
  await vi.advanceTimersByTimeAsync(0)
  expect(writes).toEqual([500, 600, 601])
})

test('behavior: changes during a write are written once after it', async () => {
  const { change, writes, slow, release } = setup()
  slow(true)
  change(1)
  await vi.advanceTimersByTimeAsync(0)
  expect(writes).toEqual([1])
  change(2)
  change(3)
  await vi.advanceTimersByTimeAsync(1000)
  expect(writes).toEqual([1])
  slow(false)
  release()
  // That write took 1 s, so the next one waits five times as long.
  await vi.advanceTimersByTimeAsync(4900)
  expect(writes).toEqual([1])
  await vi.advanceTimersByTimeAsync(200)
  expect(writes).toEqual([1, 3])
})

test('behavior: flush writes at once, and only when something changed', async () => {
  const { change, writes, persister } = setup()
  await persister.flush()
  expect(writes).toEqual([])
  change(7)
  await persister.flush()
  expect(writes).toEqual([7])
  await vi.advanceTimersByTimeAsync(1000)
  expect(writes).toEqual([7])
})

test('behavior: cancel drops what is pending', async () => {
  const { change, writes, persister } = setup()
  change(1)
  persister.cancel()
  change(2)
  await vi.advanceTimersByTimeAsync(1000)
  expect(writes).toEqual([])
})

test('behavior: saved() settles once a write that started after the change is done', async () => {
  const { change, writes, slow, release, persister } = setup()
  let firstSaved = false
  let secondSaved = false
  slow(true)
  change(1)
  void persister.saved().then(() => {
    firstSaved = true
  })
  await vi.advanceTimersByTimeAsync(0)
  // A change during the write in flight is not covered by it.
  change(2)
  void persister.saved().then(() => {
    secondSaved = true
  })
  slow(false)
  release()
  await vi.advanceTimersByTimeAsync(0)
  expect([firstSaved, secondSaved]).toEqual([true, false])
  await vi.advanceTimersByTimeAsync(1000)
  expect(writes).toEqual([1, 2])
  expect(secondSaved).toBe(true)
  await expect(persister.saved()).resolves.toBeUndefined()
})

test('behavior: a failed write is reported, then retried with backoff until it succeeds; saved() waits for it', async () => {
  const errors: unknown[] = []
  let failing = 2
  let attempts = 0
  const persister = createPersister({
    delayMs: 100,
    onError: (error) => errors.push(error),
    write: async () => {
      attempts++
      if (failing-- > 0) throw new Error('disk full')
    },
  })
  let saved = false
  persister.schedule()
  void persister.saved().then(() => {
    saved = true
  })
  await vi.advanceTimersByTimeAsync(0)
  expect([attempts, errors.length, saved]).toEqual([1, 1, false])
  expect(await persister.flush()).toBe(false)
  expect([attempts, errors.length, saved]).toEqual([2, 2, false])
  await vi.advanceTimersByTimeAsync(2000)
  expect([attempts, errors.length, saved]).toEqual([3, 2, true])
  expect(await persister.flush()).toBe(true)
})
