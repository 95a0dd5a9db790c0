import { appStateListenerCount } from '@chatsync/test/react-native'
import { expect, test } from 'vitest'
import { getPrimitives } from '#platform-primitives'
import { getWebSocket } from '#platform-websocket'
import { portablePrimitives } from '../../src/crypto/primitives.js'
import { createChatSync } from '../../src/engine/createChatSync.js'

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
