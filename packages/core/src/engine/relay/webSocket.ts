/** The WebSocket of browsers and other runtimes that have one. Node resolves `#platform-websocket` to `ws`. */
export function getWebSocket(): typeof WebSocket | undefined {
  return (globalThis as { WebSocket?: typeof WebSocket }).WebSocket
}
