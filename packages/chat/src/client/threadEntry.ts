import type { Thread } from '@chatsync/core'
import type { ChatMessage, ChatThread } from './chatState.js'
import type { DeviceStore, KeptMessage, KeptThread, ThreadChanges } from './createDeviceStore.js'

/** Messages per stored chunk of a thread: a change rewrites its chunk, not the whole thread. */
export const CHUNK_SIZE = 200

/** A live thread on this device: the synced `Thread` (with its key), its kept messages and its view. */
export type ThreadEntry = {
  thread: Thread
  kept: KeptThread
  byId: Map<number, KeptMessage>
  /** Messages by `slot` (the order this device got them in), for the chunks they are stored in. */
  bySlot: KeptMessage[]
  dirtyChunks: Set<number>
  /** `messageAuth`s seen: the same claims under another id are a replay. */
  auths: Set<string>
  /** Receipts that arrived before their message. */
  pendingReceipts: Map<number, { auth: string; at: number }>
  /** The views of `kept.messages`, in the same order (changed one at a time). */
  views: ChatMessage[]
  view: ChatThread
}

const order = (a: KeptMessage, b: KeptMessage) => a.timestamp - b.timestamp || a.id - b.id

const messageView = (topic: string, kept: KeptMessage): ChatMessage =>
  Object.freeze({
    id: kept.id,
    topic,
    message: kept.message,
    authorAccount: kept.authorAccount,
    timestamp: kept.timestamp,
    status: kept.status,
  })

/** Where `message` is, or goes, in the ordered list. */
function indexOf(list: readonly KeptMessage[], message: KeptMessage): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (order(list[mid]!, message) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A thread entry for `thread` over what the device kept of it. */
export function createThreadEntry(thread: Thread, kept: KeptThread): ThreadEntry {
  const bySlot: KeptMessage[] = []
  for (const m of kept.messages) bySlot[m.slot] = m
  kept.messages.sort(order)
  const entry: ThreadEntry = {
    thread,
    kept,
    byId: new Map(kept.messages.map((m) => [m.id, m])),
    bySlot,
    dirtyChunks: new Set(),
    auths: new Set(kept.messages.map((m) => m.auth)),
    pendingReceipts: new Map(),
    views: kept.messages.map((m) => messageView(thread.topic, m)),
    view: undefined as unknown as ChatThread,
  }
  entry.view = threadView(entry)
  return entry
}

/** Adds a message in order (timestamp, then id), in the next slot. */
export function insertMessage(entry: ThreadEntry, message: Omit<KeptMessage, 'slot'>) {
  const kept = { ...message, slot: entry.bySlot.length } as KeptMessage
  const index = indexOf(entry.kept.messages, kept)
  entry.kept.messages.splice(index, 0, kept)
  entry.views.splice(index, 0, messageView(entry.thread.topic, kept))
  entry.bySlot.push(kept)
  entry.byId.set(kept.id, kept)
  entry.auths.add(kept.auth)
  entry.dirtyChunks.add(Math.floor(kept.slot / CHUNK_SIZE))
  return kept
}

/** Changes a kept message (its status, receipt or copy time): its view and its chunk follow. */
export function updateMessage(
  entry: ThreadEntry,
  kept: KeptMessage,
  change: Partial<Omit<KeptMessage, 'slot' | 'id'>>,
) {
  const status = kept.status
  Object.assign(kept, change)
  entry.dirtyChunks.add(Math.floor(kept.slot / CHUNK_SIZE))
  if (kept.status === status) return
  const index = indexOf(entry.kept.messages, kept)
  if (entry.kept.messages[index] === kept) entry.views[index] = messageView(entry.thread.topic, kept)
}

/** What changed since the last call, for the device store (the leave and the chunk count always). */
export function takeChanges(entry: ThreadEntry): ThreadChanges {
  const chunks = new Map<number, KeptMessage[]>()
  for (const chunk of entry.dirtyChunks)
    chunks.set(chunk, entry.bySlot.slice(chunk * CHUNK_SIZE, (chunk + 1) * CHUNK_SIZE))
  entry.dirtyChunks.clear()
  return { chunkCount: Math.ceil(entry.bySlot.length / CHUNK_SIZE), leave: entry.kept.leave, chunks }
}

/** Writes what changed of the thread (soon: the device store coalesces writes). */
export const saveEntry = (device: DeviceStore, entry: ThreadEntry) =>
  device.saveThread(entry.thread.topic, takeChanges(entry))

/** The thread's view as the state shows it (a new object: call only when the thread changed). */
export function threadView(entry: ThreadEntry): ChatThread {
  const { topic, selfAccount, peerAccount } = entry.thread
  return Object.freeze({
    topic,
    selfAccount,
    peerAccount,
    messages: Object.freeze(entry.views.slice()),
    isLeftByPeer: entry.kept.leave !== undefined,
  })
}
