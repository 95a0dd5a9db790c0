import { describe, expect, test, vi } from 'vitest'
import { createEmitter } from './createEmitter.js'

type Events = { change: { n: number }; ready: { account: string } }

describe('createEmitter', () => {
  test('default: a handler hears its event only, until it unsubscribes', () => {
    const emitter = createEmitter<Events>(() => {})
    const changes: number[] = []
    const off = emitter.on('change', ({ n }) => changes.push(n))
    const ready = vi.fn()
    emitter.on('ready', ready)
    emitter.emit('change', { n: 1 })
    off()
    emitter.emit('change', { n: 2 })
    expect(changes).toEqual([1])
    expect(ready).not.toHaveBeenCalled()
    emitter.emit('ready', { account: 'a' })
    expect(ready).toHaveBeenCalledWith({ account: 'a' })
  })

  test('behavior: one handler registered twice hears twice, and each subscription ends on its own', () => {
    const emitter = createEmitter<Events>(() => {})
    const handler = vi.fn()
    const first = emitter.on('change', handler)
    emitter.on('change', handler)
    emitter.emit('change', { n: 1 })
    expect(handler).toHaveBeenCalledTimes(2)
    first()
    emitter.emit('change', { n: 2 })
    expect(handler).toHaveBeenCalledTimes(3)
  })

  test('behavior: a handler that throws does not stop the others; its error goes to onHandlerError', () => {
    const errors: unknown[] = []
    const emitter = createEmitter<Events>((error) => errors.push(error))
    const after = vi.fn()
    emitter.on('change', () => {
      throw new Error('app bug')
    })
    emitter.on('change', after)
    expect(() => emitter.emit('change', { n: 1 })).not.toThrow()
    expect(after).toHaveBeenCalledWith({ n: 1 })
    expect(errors).toEqual([new Error('app bug')])
  })

  test('behavior: a handler unsubscribing another during an emit does not skip the rest of this emit', () => {
    const emitter = createEmitter<Events>(() => {})
    const heard: string[] = []
    let offSecond = () => {}
    emitter.on('change', () => {
      heard.push('first')
      offSecond()
    })
    offSecond = emitter.on('change', () => heard.push('second'))
    emitter.emit('change', { n: 1 })
    emitter.emit('change', { n: 2 })
    expect(heard).toEqual(['first', 'second', 'first'])
  })

  test('behavior: clear removes every handler', () => {
    const emitter = createEmitter<Events>(() => {})
    const handler = vi.fn()
    emitter.on('change', handler)
    emitter.on('ready', handler)
    emitter.clear()
    emitter.emit('change', { n: 1 })
    emitter.emit('ready', { account: 'a' })
    expect(handler).not.toHaveBeenCalled()
  })
})
