import type { StoredMessage } from './createMessageStore.js'

/** What one client id has received on one topic. */
export type ClientTopicState = {
  /** Every message of the topic with `seq <= watermark` has been received. */
  watermark: number
  /** Received messages above the watermark. */
  above: Set<number>
}

export type ReceiptLedger = {
  /** The client's state on `topic`; created empty when `create`. */
  stateFor(clientId: string, topic: string, create: boolean): ClientTopicState | undefined
  /** Records that the client received message `seq` of `topic`; `false` when it was known. */
  mark(clientId: string, topic: string, seq: number): boolean
  received(clientId: string, message: StoredMessage): boolean
  /** Moves the watermark over the messages of `list` received just above it. */
  advance(state: ClientTopicState, list: readonly StoredMessage[]): void
  /** Forgets what clients received on topics without a message left, and received messages gone. */
  prune(topics: ReadonlyMap<string, readonly StoredMessage[]>): void
  entries(): Iterable<[clientId: string, perTopic: Map<string, ClientTopicState>]>
  /** Number of (client, topic) states kept. */
  readonly size: number
}

/** Index of the first message with `seq > after` (binary search; the list is in seq order). */
export function firstAfter(list: readonly StoredMessage[], after: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]!.seq <= after) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Per client id and topic, what the client has already received: a watermark plus the few received out
 * of order. The mailbox of each client is what lies above it.
 */
export function createReceiptLedger(
  topicMessages: (topic: string) => readonly StoredMessage[] | undefined,
): ReceiptLedger {
  const clients = new Map<string, Map<string, ClientTopicState>>()

  const stateFor = (clientId: string, topic: string, create: boolean) => {
    let perTopic = clients.get(clientId)
    if (!perTopic) {
      if (!create) return undefined
      perTopic = new Map()
      clients.set(clientId, perTopic)
    }
    let state = perTopic.get(topic)
    if (!state && create) {
      state = { watermark: 0, above: new Set() }
      perTopic.set(topic, state)
    }
    return state
  }

  const advance = (state: ClientTopicState, list: readonly StoredMessage[]) => {
    if (state.above.size === 0) return
    let i = firstAfter(list, state.watermark)
    while (i < list.length) {
      const seq = list[i]!.seq
      if (!state.above.delete(seq)) break
      state.watermark = seq
      i++
    }
  }

  return {
    stateFor,
    mark(clientId, topic, seq) {
      const state = stateFor(clientId, topic, true)!
      if (seq <= state.watermark || state.above.has(seq)) return false
      state.above.add(seq)
      advance(state, topicMessages(topic) ?? [])
      return true
    },
    received(clientId, message) {
      const state = stateFor(clientId, message.topic, false)
      return state !== undefined && (message.seq <= state.watermark || state.above.has(message.seq))
    },
    advance,
    prune(topics) {
      for (const [clientId, perTopic] of clients) {
        for (const [topic, state] of perTopic) {
          const list = topics.get(topic)
          if (!list) perTopic.delete(topic)
          else if (state.above.size > 0) {
            const first = list[0]!.seq
            for (const seq of state.above) if (seq < first) state.above.delete(seq)
            advance(state, list)
          }
        }
        if (perTopic.size === 0) clients.delete(clientId)
      }
    },
    entries: () => clients.entries(),
    get size() {
      let n = 0
      for (const perTopic of clients.values()) n += perTopic.size
      return n
    },
  }
}
