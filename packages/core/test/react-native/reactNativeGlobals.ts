import { WebSocket } from 'ws'

/*
 * React Native's globals, as far as the engine sees them: a WebSocket, and no page: no document, window,
 * localStorage, indexedDB or BroadcastChannel (Node has one; React Native has none). Nothing of the page
 * may be reached for: the React Native build has no page code, and these tests fail if it had.
 */
const globals = globalThis as Record<string, unknown>
globals.WebSocket ??= WebSocket
delete globals.BroadcastChannel
for (const name of [
  'document',
  'window',
  'localStorage',
  'indexedDB',
  'BroadcastChannel',
  'addEventListener',
]) {
  if (name in globals) throw new Error(`React Native has no ${name}, but it is defined here`)
}
