import type { JsonLinesLog } from './createJsonLinesLog.js'

/** A message kept by the relay until its ttl runs out. */
export type StoredMessage = {
  /** Relay-wide publish order. */
  readonly seq: number
  readonly topic: string
  readonly message: string
  readonly publishedAt: number
  readonly tag: number
  readonly expiresAt: number
  /** Client id of the publisher. */
  readonly from: string
}

export type PublishInput = { topic: string; message: string; ttlSeconds: number; tag: number; from: string }

export type FetchPage = { messages: StoredMessage[]; hasMore: boolean }

export type MessageStore = {
  publish(input: PublishInput): StoredMessage
  /** Records that `clientId` has received `message` (an acked push or a fetch). Idempotent. */
  markReceived(clientId: string, message: StoredMessage): void
  hasReceived(clientId: string, message: StoredMessage): boolean
  /** Messages on `topics` that `clientId` has not received, in publish order (not marked received). */
  undelivered(clientId: string, topics: readonly string[]): StoredMessage[]
  /**
   * Up to about `maxBytes` of messages on `topics` that `clientId` has not received, in publish order,
   * marked received; `hasMore` when some remain.
   */
  fetch(clientId: string, topics: readonly string[], maxBytes: number): FetchPage
  /** Drops expired messages; compacts the log when it has grown well past the live state. */
  sweep(): void
  /** Number of live messages. */
  readonly size: number
  close(): void
}

type ClientTopicState = {
  /** Every message of the topic with `seq <= watermark` has been received. */
  watermark: number
  /** Received messages above the watermark. */
  above: Set<number>
}

type LogRecord =
  | { t: 'm'; q: number; p: string; m: string; a: number; g: number; e: number; f: string }
  | { t: 'r'; c: string; p: string; q: number[] }
  | { t: 's'; c: string; p: string; w: number; q: number[] }

/** Approximate JSON size of a message inside a fetch answer. */
export function messageFrameBytes(message: StoredMessage): number {
  return message.message.length + message.topic.length + 64
}

/**
 * The relay's memory: messages indexed by topic (in publish order) and, per client id and topic,
 * what the client has already received (a watermark plus the few received out of order).
 */
export function createMessageStore({
  log,
  now = Date.now,
}: {
  log?: JsonLinesLog
  now?: () => number
} = {}): MessageStore {
  const topics = new Map<string, StoredMessage[]>()
  const clients = new Map<string, Map<string, ClientTopicState>>()
  let lastSeq = 0
  let size = 0

  const stateFor = (clientId: string, topic: string, create: boolean): ClientTopicState | undefined => {
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

  /** Index of the first message with `seq > after` (binary search; the list is in seq order). */
  const firstAfter = (list: readonly StoredMessage[], after: number): number => {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (list[mid]!.seq <= after) lo = mid + 1
      else hi = mid
    }
    return lo
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

  const mark = (clientId: string, topic: string, seq: number): boolean => {
    const state = stateFor(clientId, topic, true)!
    if (seq <= state.watermark || state.above.has(seq)) return false
    state.above.add(seq)
    advance(state, topics.get(topic) ?? [])
    return true
  }

  const received = (clientId: string, message: StoredMessage): boolean => {
    const state = stateFor(clientId, message.topic, false)
    return state !== undefined && (message.seq <= state.watermark || state.above.has(message.seq))
  }

  /** Calls `visit` for each live message of `topic` that `clientId` has not received, until it returns false. */
  const eachUndelivered = (clientId: string, topic: string, visit: (m: StoredMessage) => boolean) => {
    const list = topics.get(topic)
    if (!list || list.length === 0) return
    const state = stateFor(clientId, topic, false)
    const t = now()
    for (let i = state ? firstAfter(list, state.watermark) : 0; i < list.length; i++) {
      const m = list[i]!
      if (m.expiresAt <= t) continue
      if (state?.above.has(m.seq)) continue
      if (!visit(m)) return
    }
  }

  const uniqueTopics = (list: readonly string[]) => (list.length > 1 ? [...new Set(list)] : list)

  const addMessage = (m: StoredMessage) => {
    let list = topics.get(m.topic)
    if (!list) {
      list = []
      topics.set(m.topic, list)
    }
    const last = list[list.length - 1]
    if (last && last.seq > m.seq) {
      list.splice(firstAfter(list, m.seq), 0, m)
    } else {
      list.push(m)
    }
    if (m.seq > lastSeq) lastSeq = m.seq
    size++
  }

  function* snapshot(): Generator<LogRecord> {
    const all: StoredMessage[] = []
    for (const list of topics.values()) all.push(...list)
    all.sort((a, b) => a.seq - b.seq)
    for (const m of all) {
      yield {
        t: 'm',
        q: m.seq,
        p: m.topic,
        m: m.message,
        a: m.publishedAt,
        g: m.tag,
        e: m.expiresAt,
        f: m.from,
      }
    }
    for (const [clientId, perTopic] of clients) {
      for (const [topic, state] of perTopic) {
        yield { t: 's', c: clientId, p: topic, w: state.watermark, q: [...state.above] }
      }
    }
  }

  const load = () => {
    if (!log) return
    const records = log.readAll() as LogRecord[]
    for (const r of records) {
      if (r === null || typeof r !== 'object') continue
      if (r.t === 'm') {
        addMessage({
          seq: r.q,
          topic: r.p,
          message: r.m,
          publishedAt: r.a,
          tag: r.g,
          expiresAt: r.e,
          from: r.f,
        })
        // A restored relay keeps the publish-order numbering going even when everything expired.
        if (r.q > lastSeq) lastSeq = r.q
        mark(r.f, r.p, r.q)
      } else if (r.t === 'r') {
        for (const seq of r.q) mark(r.c, r.p, seq)
      } else if (r.t === 's') {
        const state = stateFor(r.c, r.p, true)!
        state.watermark = Math.max(state.watermark, r.w)
        for (const seq of r.q) if (seq > state.watermark) state.above.add(seq)
      }
    }
    sweep()
    log.rewrite(snapshot())
  }

  const sweep = () => {
    const t = now()
    let removed = 0
    for (const [topic, list] of topics) {
      let expired = 0
      for (const m of list) if (m.expiresAt <= t) expired++
      if (expired === 0) continue
      removed += expired
      if (expired === list.length) topics.delete(topic)
      else
        topics.set(
          topic,
          list.filter((m) => m.expiresAt > t),
        )
    }
    size -= removed
    if (removed > 0) {
      // Client state about topics with no message left says nothing: drop it.
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
    }
    if (log && log.lineCount > 1000 && log.lineCount > 2 * (size + clientStateCount())) {
      log.rewrite(snapshot())
    }
  }

  const clientStateCount = () => {
    let n = 0
    for (const perTopic of clients.values()) n += perTopic.size
    return n
  }

  load()

  return {
    publish({ topic, message, ttlSeconds, tag, from }) {
      const publishedAt = now()
      const stored: StoredMessage = {
        seq: ++lastSeq,
        topic,
        message,
        publishedAt,
        tag,
        expiresAt: publishedAt + ttlSeconds * 1000,
        from,
      }
      addMessage(stored)
      log?.append({
        t: 'm',
        q: stored.seq,
        p: topic,
        m: message,
        a: publishedAt,
        g: tag,
        e: stored.expiresAt,
        f: from,
      } satisfies LogRecord)
      // The publisher has its own message: it is never delivered back to it (restored from `f` on load).
      mark(from, topic, stored.seq)
      return stored
    },
    markReceived(clientId, message) {
      if (mark(clientId, message.topic, message.seq)) {
        log?.append({ t: 'r', c: clientId, p: message.topic, q: [message.seq] } satisfies LogRecord)
      }
    },
    hasReceived: received,
    undelivered(clientId, topicList) {
      const out: StoredMessage[] = []
      const list = uniqueTopics(topicList)
      for (const topic of list) {
        eachUndelivered(clientId, topic, (m) => {
          out.push(m)
          return true
        })
      }
      if (list.length > 1) out.sort((a, b) => a.seq - b.seq)
      return out
    },
    fetch(clientId, topicList, maxBytes) {
      const list = uniqueTopics(topicList)
      // Each topic contributes at most one page; the merged, ordered list is then cut to one page.
      const candidates: StoredMessage[] = []
      for (const topic of list) {
        let bytes = 0
        let taken = 0
        eachUndelivered(clientId, topic, (m) => {
          bytes += messageFrameBytes(m)
          if (bytes > maxBytes && taken > 0) return false
          candidates.push(m)
          taken++
          return true
        })
      }
      if (list.length > 1) candidates.sort((a, b) => a.seq - b.seq)
      const page: StoredMessage[] = []
      let bytes = 0
      for (const m of candidates) {
        bytes += messageFrameBytes(m)
        if (bytes > maxBytes && page.length > 0) break
        page.push(m)
      }
      const byTopic = new Map<string, number[]>()
      for (const m of page) {
        if (!mark(clientId, m.topic, m.seq)) continue
        let seqs = byTopic.get(m.topic)
        if (!seqs) {
          seqs = []
          byTopic.set(m.topic, seqs)
        }
        seqs.push(m.seq)
      }
      for (const [topic, seqs] of byTopic)
        log?.append({ t: 'r', c: clientId, p: topic, q: seqs } satisfies LogRecord)
      let hasMore = false
      for (const topic of list) {
        eachUndelivered(clientId, topic, () => {
          hasMore = true
          return false
        })
        if (hasMore) break
      }
      return { messages: page, hasMore }
    },
    sweep,
    get size() {
      return size
    },
    close() {
      log?.close()
    },
  }
}
