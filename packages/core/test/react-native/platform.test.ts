import { appStateListenerCount } from '@chatsync/test/react-native'
import { expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { getWebSocket } from '#platform-websocket'
import { portablePrimitives } from '../../src/crypto/primitives.js'
import { createChatSync } from '../../src/engine/createChatSync.js'
import { MissingPolyfillError } from '../../src/errors/platform.js'

/** A core that is never asked anything: enough for a client that is created and destroyed. */
const idleCore = {
  crypto: {},
  relayer: { connected: false, on() {}, off() {}, request: () => new Promise(() => {}) },
  storage: { getItem: async () => undefined, setItem: async () => {}, removeItem: async () => {} },
} as never

test('default: the react-native condition picks the portable primitives, the global WebSocket and the AppState host', async () => {
  expect(getPrimitives()).toBe(portablePrimitives)
  expect(getWebSocket()).toBe(globalThis.WebSocket)
  const before = appStateListenerCount()
  const client = createChatSync({ core: idleCore })
  expect(appStateListenerCount()).toBe(before + 1)
  await client.destroy()
  expect(appStateListenerCount()).toBe(before)
})

test('behavior: on React Native, createChatSync refuses to start without the polyfills, before it touches the core', () => {
  const core = new Proxy(
    {},
    {
      get() {
        throw new Error('the core was used')
      },
    },
  )
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true })
  let error: unknown
  try {
    createChatSync({ core: core as never })
  } catch (thrown) {
    error = thrown
  } finally {
    if (saved) Object.defineProperty(globalThis, 'crypto', saved)
  }
  expect(error).toBeInstanceOf(MissingPolyfillError)
  expect((error as MissingPolyfillError).features).toEqual([
    { feature: 'crypto.getRandomValues', problem: 'missing' },
  ])
})
