import type { ChatSyncStorage } from '@chatsync/core'
import type { KeptInvite } from '../protocol/invite.js'
import type { ChatMessageStatus } from './chatState.js'

/** A message as this device keeps it: what it shows, and what the keep-alive and receipts need. */
export type KeptMessage = {
  id: number
  /** The order this device got it in: which stored chunk it is in. */
  slot: number
  authorAccount: string
  message: string
  timestamp: number
  status: ChatMessageStatus
  /** When the relay first received it (ms); its claims are judged at that time. */
  receivedAt: number
  /** When the newest relay copy was published (ms), as far as this device knows (0: never published). */
  copyAt: number
  /** Its `messageAuth`, and its receipt once one was verified. */
  auth: string
  receipt?: string | undefined
}

/** The peer's leave, kept alive like a message. */
export type KeptLeave = { id: number; receivedAt: number; copyAt: number }

export type KeptThread = { messages: KeptMessage[]; leave?: KeptLeave | undefined }

/** What to write of a thread: its chunk count and leave, and the chunks that changed. */
export type ThreadChanges = {
  chunkCount: number
  leave: KeptLeave | undefined
  chunks: ReadonlyMap<number, readonly KeptMessage[]>
}

export type DeviceStore = {
  loadInvites(): Promise<Map<string, KeptInvite>>
  saveInvites(invites: ReadonlyMap<string, KeptInvite>): void
  loadThread(topic: string): Promise<KeptThread>
  saveThread(topic: string, changes: ThreadChanges): void
  removeThread(topic: string, chunkCount: number): void
  /** Writes what is waiting now and takes no more writes (the account's chat stopped). */
  close(): Promise<void>
}

const WRITE_DELAY_MS = 100

const isList = (value: unknown): value is unknown[] => Array.isArray(value)

/** A copy of what is written (the caller keeps changing its messages until the write). */
const snapshot = (value: unknown) =>
  isList(value)
    ? value.map((item) => (typeof item === 'object' && item !== null ? { ...item } : item))
    : value

/**
 * What this device keeps of the chat besides the synced stores (the Chat spec has no store for them):
 * the invites it received (with the key to answer them) and each thread's messages, in chunks of a few
 * hundred (a new message or receipt rewrites its chunk, not the thread). Writes are coalesced; a failed
 * write is reported.
 */
export function createDeviceStore({
  storage,
  prefix,
  onError,
}: {
  storage: ChatSyncStorage
  /** Keys start with it (the core's storage prefix and the account). */
  prefix: string
  onError: (error: unknown) => void
}): DeviceStore {
  const pending = new Map<string, unknown>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> = Promise.resolve()
  let closed = false
  const invitesKey = `${prefix}:invites`
  // No key is a prefix of another (Node's storage makes a directory of each `:` segment).
  const threadKey = (topic: string) => `${prefix}:thread:${topic}:index`
  const chunkKey = (topic: string, chunk: number) => `${prefix}:thread:${topic}:chunk:${chunk}`

  const write = () => {
    timer = undefined
    const batch = [...pending].map(([key, value]) => [key, snapshot(value)] as const)
    pending.clear()
    writing = writing.then(async () => {
      for (const [key, value] of batch) {
        try {
          if (value === undefined) await storage.removeItem(key)
          else await storage.setItem(key, value)
        } catch (error) {
          onError(error)
        }
      }
    })
    return writing
  }
  const schedule = (key: string, value: unknown) => {
    // A late write of a stopped chat would overwrite what the chat that follows it keeps.
    if (closed) return
    pending.set(key, value)
    if (!timer) {
      timer = setTimeout(write, WRITE_DELAY_MS)
      ;(timer as { unref?: () => void }).unref?.()
    }
  }
  const read = async (key: string) => {
    try {
      return await storage.getItem<unknown>(key)
    } catch (error) {
      onError(error)
      return undefined
    }
  }

  return {
    async loadInvites() {
      const value = await read(invitesKey)
      return new Map(
        isList(value) ? (value as KeptInvite[]).map((invite) => [String(invite.id), invite]) : [],
      )
    },
    saveInvites: (invites) => schedule(invitesKey, [...invites.values()]),
    async loadThread(topic) {
      const index = (await read(threadKey(topic))) as { chunkCount?: unknown; leave?: KeptLeave } | undefined
      const count = Number.isSafeInteger(index?.chunkCount) ? (index!.chunkCount as number) : 0
      const chunks = await Promise.all(
        Array.from({ length: count }, (_, chunk) => read(chunkKey(topic, chunk))),
      )
      const messages = chunks.flatMap((chunk) => (isList(chunk) ? (chunk as KeptMessage[]) : []))
      return { messages, leave: index?.leave }
    },
    saveThread(topic, { chunkCount, leave, chunks }) {
      schedule(threadKey(topic), { chunkCount, leave })
      for (const [chunk, messages] of chunks) schedule(chunkKey(topic, chunk), messages)
    },
    removeThread(topic, chunkCount) {
      schedule(threadKey(topic), undefined)
      for (let chunk = 0; chunk < chunkCount; chunk++) schedule(chunkKey(topic, chunk), undefined)
    },
    close() {
      closed = true
      clearTimeout(timer)
      return write()
    },
  }
}
