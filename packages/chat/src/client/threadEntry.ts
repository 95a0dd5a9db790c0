import type { Thread } from '@chatsync/core'
import type { ChatMessage, ChatThread } from './chatState.js'
import type { KeptMessage, KeptThread } from './createDeviceStore.js'

/** A live thread on this device: the synced `Thread` (with its key), its kept messages and its view. */
export type ThreadEntry = {
  thread: Thread
  kept: KeptThread
  byId: Map<number, KeptMessage>
  /** `messageAuth`s seen: the same claims under another id are a replay. */
  auths: Set<string>
  /** Receipts that arrived before their message. */
  pendingReceipts: Map<number, { auth: string; at: number }>
  view: ChatThread
}

const order = (a: KeptMessage, b: KeptMessage) => a.timestamp - b.timestamp || a.id - b.id
const views = new WeakMap<KeptMessage, ChatMessage>()

/** A thread entry for `thread` over what the device kept of it. */
export function createThreadEntry(thread: Thread, kept: KeptThread): ThreadEntry {
  kept.messages.sort(order)
  const entry: ThreadEntry = {
    thread,
    kept,
    byId: new Map(kept.messages.map((m) => [m.id, m])),
    auths: new Set(kept.messages.map((m) => m.auth)),
    pendingReceipts: new Map(),
    view: undefined as unknown as ChatThread,
  }
  entry.view = threadView(entry)
  return entry
}

/** Adds a message in order (timestamp, then id). */
export function insertMessage(entry: ThreadEntry, message: KeptMessage) {
  const list = entry.kept.messages
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (order(list[mid]!, message) <= 0) lo = mid + 1
    else hi = mid
  }
  list.splice(lo, 0, message)
  entry.byId.set(message.id, message)
  entry.auths.add(message.auth)
}

/** The view of a message, the same object while its status is the same. */
function messageView(topic: string, kept: KeptMessage): ChatMessage {
  const known = views.get(kept)
  if (known && known.status === kept.status) return known
  const view: ChatMessage = Object.freeze({
    id: kept.id,
    topic,
    message: kept.message,
    authorAccount: kept.authorAccount,
    timestamp: kept.timestamp,
    status: kept.status,
  })
  views.set(kept, view)
  return view
}

/** The thread's view as the state shows it (a new object: call only when the thread changed). */
export function threadView(entry: ThreadEntry): ChatThread {
  const { topic, selfAccount, peerAccount } = entry.thread
  return Object.freeze({
    topic,
    selfAccount,
    peerAccount,
    messages: Object.freeze(entry.kept.messages.map((m) => messageView(topic, m))),
    isLeftByPeer: entry.kept.leave !== undefined,
  })
}
