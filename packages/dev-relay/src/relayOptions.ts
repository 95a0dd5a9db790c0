import type { CreateKeyDirectoryParameters } from './createKeyDirectory.js'

/** Where the relay reports what it does. Message contents and tokens are never logged. */
export type DevRelayLogger = {
  debug?: (message: string) => void
  info?: (message: string) => void
  warn?: (message: string) => void
  error?: (message: string) => void
}

export type DevRelayLimits = {
  /** Largest accepted `message` text, in characters (default 64 KiB). */
  maxMessageBytes?: number
  /** Topics one connection may subscribe to, and topics per batch request (default 1,000). */
  maxTopicsPerConnection?: number
  /** Simultaneous WebSocket connections (default 1,000); more are refused with HTTP 503. */
  maxConnections?: number
  /** Approximate size of one fetch answer; the rest comes with `hasMore: true` (default 256 KiB). */
  maxFetchBytes?: number
  /** Largest incoming frame; a bigger one closes that connection with code 1009 (default 4 MiB). */
  maxFrameBytes?: number
  /** Messages published with a longer ttl are kept this long (default 30 days). */
  maxTtlSeconds?: number
  /** Interval of WebSocket pings; a connection that misses two pongs is dropped (default 20 s). */
  pingIntervalMs?: number
}

export type StartDevRelayParameters = DevRelayLimits & {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string
  /** Port to listen on; `0` picks a free one (default). */
  port?: number
  /** Directory for the message log; without it everything lives in memory only. */
  dataDir?: string
  logger?: DevRelayLogger
  /**
   * Serve a development key directory (the keys server's `/identity` and `/invite` routes) on the same
   * port (default `true`), or with these options. See `createKeyDirectory`.
   */
  keyDirectory?: boolean | CreateKeyDirectoryParameters
}

export type DevRelay = {
  /** `ws://host:port`, the `relayUrl` to give to `@walletconnect/core`. */
  url: string
  port: number
  /** `http://host:port`: the key-server URL of the key directory; `undefined` when it is off. */
  keysUrl: string | undefined
  /** Closes every connection and the listening socket; the same port can be used again right away. */
  close(): Promise<void>
}

export type RelayLimits = Required<DevRelayLimits>

const DEFAULT_LIMITS: RelayLimits = {
  maxMessageBytes: 64 * 1024,
  maxTopicsPerConnection: 1000,
  maxConnections: 1000,
  maxFetchBytes: 256 * 1024,
  maxFrameBytes: 4 * 1024 * 1024,
  maxTtlSeconds: 30 * 24 * 60 * 60,
  pingIntervalMs: 20_000,
}

/** The limits to run with: the given ones, the defaults for the rest. */
export function resolveLimits(parameters: DevRelayLimits): RelayLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof RelayLimits)[]) {
    const value = parameters[key]
    if (value !== undefined) limits[key] = value
  }
  return limits
}

/** Topics longer than this are refused. */
export const MAX_TOPIC_LENGTH = 512
