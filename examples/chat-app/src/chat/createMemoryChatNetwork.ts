import type { ChatTransport, TopicMessage } from './ChatTransport'

/**
 * An in-memory relay for tests and stories: each `transport()` is one client; a topic's messages are
 * kept, a new watcher gets those it has not seen (never its own), then live ones.
 */
export function createMemoryChatNetwork() {
  const stored = new Map<string, { message: TopicMessage; from: number }[]>()
  const clients = new Set<{ id: number; topics: Set<string>; deliver(m: TopicMessage): void }>()
  let nextId = 1

  return {
    /** Every message published on `topic`, oldest first. */
    messagesOf: (topic: string) => (stored.get(topic) ?? []).map((entry) => entry.message),
    /** Publishes from outside any client (a test playing an attacker or another app). */
    inject(message: TopicMessage) {
      for (const client of clients) if (client.topics.has(message.topic)) client.deliver(message)
    },
    transport(): ChatTransport {
      const id = nextId++
      const seen = new Set<TopicMessage>()
      const listeners = new Set<(m: TopicMessage) => void>()
      const client = {
        id,
        topics: new Set<string>(),
        deliver(message: TopicMessage) {
          if (seen.has(message)) return
          seen.add(message)
          for (const listener of listeners) listener(message)
        },
      }
      clients.add(client)
      return {
        async watch(topics) {
          await Promise.resolve()
          for (const topic of topics) {
            client.topics.add(topic)
            for (const entry of stored.get(topic) ?? []) if (entry.from !== id) client.deliver(entry.message)
          }
        },
        async unwatch(topics) {
          for (const topic of topics) client.topics.delete(topic)
        },
        async publish(topic, message) {
          const entry = { message: { topic, message, publishedAt: Date.now() }, from: id }
          stored.set(topic, [...(stored.get(topic) ?? []), entry])
          await Promise.resolve()
          for (const other of clients)
            if (other.id !== id && other.topics.has(topic)) other.deliver(entry.message)
        },
        onMessage(listener) {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
        onError: () => () => {},
        destroy() {
          clients.delete(client)
          listeners.clear()
        },
      }
    },
  }
}
