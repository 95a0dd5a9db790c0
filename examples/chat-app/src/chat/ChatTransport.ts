/** A message as it arrived on a topic (an envelope, base64). */
export type TopicMessage = { topic: string; message: string; publishedAt?: number }

/** How a device's chat reaches the relay. */
export type ChatTransport = {
  /**
   * From now on delivers the messages of `topics` to the listeners: first what the relay still holds
   * for this client (history), then live ones. Watching a topic twice is harmless.
   */
  watch(topics: readonly string[]): Promise<void>
  /** Stops delivering `topics`. */
  unwatch(topics: readonly string[]): Promise<void>
  publish(topic: string, message: string, options: { ttl: number; tag: number }): Promise<void>
  onMessage(listener: (message: TopicMessage) => void): () => void
  /** Reports background failures (a history fetch, a resubscription); they are retried on reconnect. */
  onError(listener: (error: unknown) => void): () => void
  destroy(): void
}
