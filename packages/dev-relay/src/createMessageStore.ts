import type { JsonLinesLog } from './createJsonLinesLog.js'
import { createReceiptLedger, firstAfter } from './createReceiptLedger.js'
import {
  fromMessageRecord,
  type LogRecord,
  readLogRecord,
  toClientStateRecord,
  toMessageRecord,
  toReceivedRecord,
} from './logRecord.js'

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

/** Approximate JSON size of a message inside a fetch answer. */
export function messageFrameBytes(message: StoredMessage): number {
  return message.message.length + message.topic.length + 64
}

const uniqueTopics = (list: readonly string[]) => (list.length > 1 ? [...new Set(list)] : list)

/**
 * The relay's memory: messages indexed by topic (in publish order) and, per client id and topic,
 * what the client has already received (see `createReceiptLedger`), kept in an optional log.
 */
export function createMessageStore({
  log,
  now = Date.now,
}: {
  log?: JsonLinesLog
  now?: () => number
} = {}): MessageStore {
  const topics = new Map<string, StoredMessage[]>()
  const ledger = createReceiptLedger((topic) => topics.get(topic))
  let lastSeq = 0
  let size = 0

  /** Calls `visit` for each live message of `topic` that `clientId` has not received, until it returns false. */
  const eachUndelivered = (clientId: string, topic: string, visit: (m: StoredMessage) => boolean) => {
    const list = topics.get(topic)
    if (!list || list.length === 0) return
    const state = ledger.stateFor(clientId, topic, false)
    const t = now()
    for (let i = state ? firstAfter(list, state.watermark) : 0; i < list.length; i++) {
      const m = list[i]!
      if (m.expiresAt <= t) continue
      if (state?.above.has(m.seq)) continue
      if (!visit(m)) return
    }
  }

  const addMessage = (m: StoredMessage) => {
    let list = topics.get(m.topic)
    if (!list) {
      list = []
      topics.set(m.topic, list)
    }
    const last = list[list.length - 1]
    if (last && last.seq > m.seq) list.splice(firstAfter(list, m.seq), 0, m)
    else list.push(m)
    if (m.seq > lastSeq) lastSeq = m.seq
    size++
  }

  function* snapshot(): Generator<LogRecord> {
    const all: StoredMessage[] = []
    for (const list of topics.values()) all.push(...list)
    all.sort((a, b) => a.seq - b.seq)
    for (const m of all) yield toMessageRecord(m)
    for (const [clientId, perTopic] of ledger.entries()) {
      for (const [topic, state] of perTopic)
        yield toClientStateRecord(clientId, topic, state.watermark, state.above)
    }
  }

  const load = () => {
    if (!log) return
    for (const value of log.readAll()) {
      const r = readLogRecord(value)
      if (r?.t === 'm') {
        addMessage(fromMessageRecord(r))
        // The publisher has its own message (a restored relay keeps the numbering going even when
        // everything expired: `addMessage` raised `lastSeq`).
        ledger.mark(r.f, r.p, r.q)
      } else if (r?.t === 'r') {
        for (const seq of r.q) ledger.mark(r.c, r.p, seq)
      } else if (r?.t === 's') {
        const state = ledger.stateFor(r.c, r.p, true)!
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
    // Client state about messages gone says nothing: drop it.
    if (removed > 0) ledger.prune(topics)
    if (log && log.lineCount > 1000 && log.lineCount > 2 * (size + ledger.size)) log.rewrite(snapshot())
  }

  /** Marks `page` received by `clientId` and logs it, one record per topic. */
  const markPage = (clientId: string, page: readonly StoredMessage[]) => {
    const byTopic = new Map<string, number[]>()
    for (const m of page) {
      if (!ledger.mark(clientId, m.topic, m.seq)) continue
      let seqs = byTopic.get(m.topic)
      if (!seqs) {
        seqs = []
        byTopic.set(m.topic, seqs)
      }
      seqs.push(m.seq)
    }
    for (const [topic, seqs] of byTopic) log?.append(toReceivedRecord(clientId, topic, seqs))
  }

  load()

  return {
    publish({ topic, message, ttlSeconds, tag, from }) {
      const publishedAt = now()
      const expiresAt = publishedAt + ttlSeconds * 1000
      const stored: StoredMessage = { seq: ++lastSeq, topic, message, publishedAt, tag, expiresAt, from }
      addMessage(stored)
      log?.append(toMessageRecord(stored))
      // The publisher has its own message: it is never delivered back to it (restored from `f` on load).
      ledger.mark(from, topic, stored.seq)
      return stored
    },
    markReceived(clientId, message) {
      if (ledger.mark(clientId, message.topic, message.seq)) {
        log?.append(toReceivedRecord(clientId, message.topic, [message.seq]))
      }
    },
    hasReceived: ledger.received,
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
      markPage(clientId, page)
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
