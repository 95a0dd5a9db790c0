import type { ChatSyncStorage } from '@chatsync/core'
import type { KeptInvite } from '../protocol/invite.js'
import type { ChatMessageStatus } from './chatState.js'

/** A message as this device keeps it: what it shows, and what the keep-alive and receipts need. */
export type KeptMessage = {
  id: number
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

export type DeviceStore = {
  loadInvites(): Promise<Map<string, KeptInvite>>
  saveInvites(invites: ReadonlyMap<string, KeptInvite>): void
  loadThread(topic: string): Promise<KeptThread>
  saveThread(topic: string, thread: KeptThread): void
  removeThread(topic: string): void
  /** Writes what is waiting now. */
  flush(): Promise<void>
}

const WRITE_DELAY_MS = 100

const isList = (value: unknown): value is unknown[] => Array.isArray(value)

/**
 * What this device keeps of the chat besides the synced stores (the Chat spec has no store for them):
 * the invites it received (with the key to answer them) and each thread's messages, one storage key per
 * thread. Writes are coalesced; a failed write is reported and tried again with the next one.
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
  const invitesKey = `${prefix}:invites`
  const threadKey = (topic: string) => `${prefix}:thread:${topic}`

  const write = () => {
    timer = undefined
    const batch = [...pending]
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
      const value = (await read(threadKey(topic))) as Partial<KeptThread> | undefined
      return { messages: isList(value?.messages) ? value.messages : [], leave: value?.leave }
    },
    // A snapshot: the caller keeps changing its thread.
    saveThread: (topic, thread) =>
      schedule(threadKey(topic), { messages: [...thread.messages], leave: thread.leave }),
    removeThread: (topic) => schedule(threadKey(topic), undefined),
    flush() {
      clearTimeout(timer)
      return write()
    },
  }
}
