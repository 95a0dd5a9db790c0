import { WebSocket as NodeWebSocket } from 'ws'

/*
 * For tests in vitest's jsdom environment (a no-op in the Node environment). jsdom's environment swaps
 * the typed arrays and ArrayBuffer for jsdom's (another realm), so bytes made by Node (Buffer,
 * TextEncoder) fail `instanceof Uint8Array` in the crypto libraries and every store message is
 * undecryptable; Node's are put back. Node's own WebSocket (undici) cannot dispatch jsdom's `Event`, and
 * the WalletConnect core picks the global WebSocket when its module loads, so it gets `ws`. Every module
 * of this entry that loads `@walletconnect/*` imports this one first.
 */
const nodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as Uint8ArrayConstructor
if (globalThis.Uint8Array !== nodeUint8Array) {
  globalThis.Uint8Array = nodeUint8Array
  globalThis.ArrayBuffer = Buffer.alloc(1).buffer.constructor as ArrayBufferConstructor
}
if (typeof navigator !== 'undefined' && navigator.userAgent.includes('jsdom')) {
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket
}
