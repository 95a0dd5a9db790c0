/**
 * The parts of a WalletConnect `ICore` (`@walletconnect/core` 2.x, e.g. `signClient.core`) the engine
 * uses. Declared structurally so `@chatsync/core` needs no runtime or type dependency on the core package:
 * any `ICore` fits.
 */
/** Events of the core's relayer the engine listens to (`@walletconnect/core`'s `RELAYER_EVENTS`). */
export const RELAYER_CONNECT = 'relayer_connect'
export const RELAYER_DISCONNECT = 'relayer_disconnect'
export const RELAYER_ERROR = 'relayer_error'

export type ChatSyncCore = {
  readonly crypto: {
    setSymKey(symKey: string, overrideTopic?: string): Promise<string>
    deleteSymKey(topic: string): Promise<void>
    hasKeys(tag: string): boolean
    getClientId(): Promise<string>
    /** The core's key store: `get(topic)` is the symmetric key `setSymKey` stored for that topic. */
    readonly keychain: { get(tag: string): string }
  }
  /** The WalletConnect project id (sent to the relay by connections of our own). */
  readonly projectId?: string | undefined
  readonly relayer: {
    readonly connected: boolean
    /** Where the relay is: connections of our own (a fresh identity to rebuild from) go there too. */
    readonly relayUrl?: string | undefined
    /** Set while the app has closed the transport on purpose; the engine then waits for it to reopen. */
    readonly transportExplicitlyClosed?: boolean
    /** Set while a connection attempt of the core runs (`restartTransport` does nothing meanwhile). */
    readonly connectionAttemptInProgress?: boolean
    // biome-ignore lint/suspicious/noExplicitAny: the core's RequestArguments is generic over params.
    request(request: { method: string; params?: any }): Promise<unknown>
    /** A new connection in place of the current one (the engine's way out of one that hangs). */
    restartTransport?(relayUrl?: string): Promise<void>
    // biome-ignore lint/suspicious/noExplicitAny: event listeners of the core are untyped.
    on(event: string, listener: (...args: any[]) => void): unknown
    // biome-ignore lint/suspicious/noExplicitAny: event listeners of the core are untyped.
    off(event: string, listener: (...args: any[]) => void): unknown
  }
  readonly storage: ChatSyncStorage
}

/**
 * Asynchronous key-value storage, the shape of `@walletconnect/keyvaluestorage` (IndexedDB in browsers,
 * a file in Node). Values are plain JSON-compatible objects.
 */
export type ChatSyncStorage = {
  getItem<T = unknown>(key: string): Promise<T | undefined>
  setItem<T = unknown>(key: string, value: T): Promise<void>
  removeItem(key: string): Promise<void>
}

/** Where the engine reports what it does. Messages never contain signatures, keys or payload values. */
export type ChatSyncLogger = {
  debug?(message: string, context?: Record<string, unknown>): void
  info?(message: string, context?: Record<string, unknown>): void
  warn?(message: string, context?: Record<string, unknown>): void
  error?(message: string, context?: Record<string, unknown>): void
}
