import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'
import type { ChatTransport, TopicMessage } from './ChatTransport'
import {
  acceptInvite,
  type InviteOutcome,
  inviteTopicOf,
  openInvite,
  openInviteResponse,
  type ReceivedInvite,
  rejectInvite,
} from './invite'
import { type ChatMessage, openThreadMessage, sealChatMessage, sealLeave } from './message'
import { CHAT_RPC } from './rpc'

/** What the synced stores say this device must listen to. */
export type ChatWatchList = {
  account: string
  /** The account's synced invite key: invites arrive on sha256(publicKey). */
  inviteKeys?: InviteKeys | undefined
  /** Sent invites still pending: their answers arrive on their response topics. */
  pendingInvites: readonly SentInvite[]
  /** The account's synced threads: messages arrive on their topics. */
  threads: readonly Thread[]
}

export type ShownMessage = ChatMessage & {
  /** Set on messages this device wrote until the relay took them. */
  status?: 'sending' | 'failed'
}

/** What a device's chat holds besides the synced stores. Persisted per device. */
export type ChatState = {
  /** Invites that arrived on the account's invite topic, newest first. */
  receivedInvites: readonly ReceivedInvite[]
  /** Answers to sent invites not yet written to the stores, by response topic. */
  responses: Readonly<Record<string, InviteOutcome>>
  /** Each thread's messages, oldest first, by thread topic. */
  messages: Readonly<Record<string, readonly ShownMessage[]>>
  /** Thread topics the peer left. */
  left: Readonly<Record<string, true>>
}

/** A place for the state that survives a reload (`localStorage` fits). */
export type ChatStorage = { getItem(key: string): string | null; setItem(key: string, value: string): void }

export type ChatClient = {
  getSnapshot(): ChatState
  subscribe(listener: () => void): () => void
  /** Listens to exactly these topics from now on (history first for new ones, then live). */
  setWatchList(list: ChatWatchList): void
  publishInvite(params: { inviteTopic: string; envelope: string }): Promise<void>
  /** Publishes the answer to a received invite; accepting returns the thread to store. */
  answerInvite(invite: ReceivedInvite, answer: 'accept' | 'reject'): Promise<Thread | undefined>
  sendMessage(thread: Thread, text: string): Promise<void>
  /** Tells the peer the thread was left. */
  leave(thread: Thread): Promise<void>
  /** Forgets an answer once the stores hold its outcome. */
  settleResponse(responseTopic: string): void
  destroy(): void
}

export type CreateChatClientParameters = {
  transport: ChatTransport
  storage?: ChatStorage | undefined
  /** Under which key `storage` keeps this device's state. */
  storageKey?: string
  /** A message that was refused (cannot be opened, not a chat payload), or a relay failure. */
  onProblem?: (error: unknown) => void
}

const EMPTY: ChatState = Object.freeze({ receivedInvites: [], responses: {}, messages: {}, left: {} })

function restore(storage: ChatStorage | undefined, key: string): ChatState {
  try {
    const value = JSON.parse(storage?.getItem(key) ?? 'null') as Partial<ChatState> | null
    if (!value || typeof value !== 'object') return EMPTY
    return {
      receivedInvites: Array.isArray(value.receivedInvites) ? value.receivedInvites : [],
      responses: value.responses && typeof value.responses === 'object' ? value.responses : {},
      messages: value.messages && typeof value.messages === 'object' ? value.messages : {},
      left: value.left && typeof value.left === 'object' ? value.left : {},
    }
  } catch {
    return EMPTY
  }
}

const byTime = (a: ChatMessage, b: ChatMessage) => a.timestamp - b.timestamp || a.id - b.id

/**
 * One device's side of the Chat protocol, outside React: listens on the topics the synced stores name,
 * opens what arrives, keeps received invites, answers and messages (persisted per device), and
 * publishes invites, answers and messages. Store writes are left to the caller (the React hooks).
 */
export function createChatClient({
  transport,
  storage,
  storageKey = 'chatsync-example:chat',
  onProblem = () => {},
}: CreateChatClientParameters): ChatClient {
  let state = restore(storage, storageKey)
  const listeners = new Set<() => void>()
  /** How to open what arrives, by topic. */
  let routes = new Map<string, (message: TopicMessage) => void>()
  let watched = new Set<string>()

  const update = (next: ChatState) => {
    state = next
    try {
      storage?.setItem(storageKey, JSON.stringify(state))
    } catch (error) {
      onProblem(error)
    }
    for (const listener of listeners) listener()
  }

  const addMessage = (message: ShownMessage) => {
    const list = state.messages[message.topic] ?? []
    const isKnown = list.some((m) => m.id === message.id)
    const next = isKnown
      ? list.map((m) => (m.id === message.id ? message : m))
      : [...list, message].sort(byTime)
    update({ ...state, messages: { ...state.messages, [message.topic]: next } })
  }

  const safely = (open: () => void) => {
    try {
      open()
    } catch (error) {
      onProblem(error)
    }
  }

  const stopMessages = transport.onMessage((message) => routes.get(message.topic)?.(message))
  const stopErrors = transport.onError(onProblem)

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setWatchList({ account, inviteKeys, pendingInvites, threads }) {
      const next = new Map<string, (message: TopicMessage) => void>()
      if (inviteKeys && inviteKeys.account === account) {
        next.set(inviteTopicOf(inviteKeys.publicKey), ({ message, publishedAt }) =>
          safely(() => {
            const invite = openInvite({ inviteKeys, envelope: message, publishedAt })
            if (state.receivedInvites.some((known) => known.id === invite.id)) return
            update({ ...state, receivedInvites: [invite, ...state.receivedInvites] })
          }),
        )
      }
      for (const sentInvite of pendingInvites)
        next.set(sentInvite.responseTopic, ({ message }) =>
          safely(() => {
            const outcome = openInviteResponse(sentInvite, message)
            if (!outcome || state.responses[sentInvite.responseTopic]) return
            update({ ...state, responses: { ...state.responses, [sentInvite.responseTopic]: outcome } })
          }),
        )
      for (const thread of threads)
        next.set(thread.topic, ({ message }) =>
          safely(() => {
            const event = openThreadMessage(thread, message)
            if (event.type === 'message') addMessage(event.message)
            else if (!state.left[thread.topic])
              update({ ...state, left: { ...state.left, [thread.topic]: true } })
          }),
        )
      routes = next
      const topics = new Set(next.keys())
      const added = [...topics].filter((topic) => !watched.has(topic))
      const removed = [...watched].filter((topic) => !topics.has(topic))
      watched = topics
      if (removed.length > 0) transport.unwatch(removed).catch(onProblem)
      if (added.length > 0) transport.watch(added).catch(onProblem)
    },
    async publishInvite({ inviteTopic, envelope }) {
      await transport.publish(inviteTopic, envelope, CHAT_RPC.invite)
    },
    async answerInvite(invite, answer) {
      const { responseTopic, envelope, thread } =
        answer === 'accept' ? acceptInvite(invite) : { ...rejectInvite(invite), thread: undefined }
      await transport.publish(responseTopic, envelope, CHAT_RPC.inviteResponse)
      return thread
    },
    async sendMessage(thread, text) {
      const { envelope, message } = sealChatMessage({ thread, message: text })
      addMessage({ ...message, status: 'sending' })
      try {
        await transport.publish(thread.topic, envelope, CHAT_RPC.message)
        addMessage(message)
      } catch (error) {
        addMessage({ ...message, status: 'failed' })
        throw error
      }
    },
    async leave(thread) {
      await transport.publish(thread.topic, sealLeave(thread), CHAT_RPC.leave)
    },
    settleResponse(responseTopic) {
      if (!state.responses[responseTopic]) return
      const { [responseTopic]: _, ...responses } = state.responses
      update({ ...state, responses })
    },
    destroy() {
      stopMessages()
      stopErrors()
      listeners.clear()
      routes = new Map()
      transport.destroy()
    },
  }
}
