/**
 * Where this device's link to the relay stands (one for the whole client):
 * - `connecting`: nothing answered yet (also before anything asked for the relay)
 * - `connected`: the relay answered on the core's current connection
 * - `offline`: the relay did not answer within `offlineAfterMs`, the connection failed or closed, or the
 *   app closed the transport; writes are still applied and saved, and the engine keeps trying
 */
export type RelayConnectionStatus = 'connecting' | 'connected' | 'offline'
