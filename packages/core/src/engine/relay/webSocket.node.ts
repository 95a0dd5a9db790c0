import { WebSocket as NodeWebSocket } from 'ws'

/** Node: `ws` (Node 20 has no WebSocket of its own). */
export function getWebSocket(): typeof WebSocket | undefined {
  return NodeWebSocket as unknown as typeof WebSocket
}
