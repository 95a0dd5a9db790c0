import type { StoredMessage } from './createMessageStore.js'

/**
 * The message log's records (one JSON line each): a message, what a client received, or a client's whole
 * state on a topic (written by a compaction). Short keys keep the log small.
 */
export type LogRecord = MessageRecord | ReceivedRecord | ClientStateRecord
type MessageRecord = { t: 'm'; q: number; p: string; m: string; a: number; g: number; e: number; f: string }
type ReceivedRecord = { t: 'r'; c: string; p: string; q: number[] }
type ClientStateRecord = { t: 's'; c: string; p: string; w: number; q: number[] }

/** The record of a stored message. */
export function toMessageRecord(m: StoredMessage): MessageRecord {
  return { t: 'm', q: m.seq, p: m.topic, m: m.message, a: m.publishedAt, g: m.tag, e: m.expiresAt, f: m.from }
}

/** The message a record holds. */
export function fromMessageRecord(r: MessageRecord): StoredMessage {
  return { seq: r.q, topic: r.p, message: r.m, publishedAt: r.a, tag: r.g, expiresAt: r.e, from: r.f }
}

/** `clientId` received the messages `seqs` of `topic`. */
export function toReceivedRecord(clientId: string, topic: string, seqs: number[]): ReceivedRecord {
  return { t: 'r', c: clientId, p: topic, q: seqs }
}

/** A client's state on a topic: everything up to `watermark` received, and `above` past it. */
export function toClientStateRecord(
  clientId: string,
  topic: string,
  watermark: number,
  above: Iterable<number>,
): ClientStateRecord {
  return { t: 's', c: clientId, p: topic, w: watermark, q: [...above] }
}

/** A record read back from the log, or `undefined` for a line that is not one. */
export function readLogRecord(value: unknown): LogRecord | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const t = (value as { t?: unknown }).t
  return t === 'm' || t === 'r' || t === 's' ? (value as LogRecord) : undefined
}
