import type { BaseError } from '@chatsync/core'

/** Where the chat stands for the session's account. */
export type ChatStatus =
  /** No account, or nothing of its sync shown yet (neither stored on this device nor caught up). */
  | 'idle'
  /**
   * Loading this device's identity; on a device without one, waiting for the account to be caught up
   * with the relay before the wallet is asked.
   */
  | 'starting'
  /** Waiting for the wallet to sign this device's identity key (once per device). */
  | 'signing'
  /** Listening and able to send. */
  | 'ready'
  /** The user declined the identity signature: `enableChat` asks again. */
  | 'rejected'
  | 'error'

/** A message's way to the peer (Message Status spec); a received message is `delivered`. */
export type ChatMessageStatus = 'pending' | 'published' | 'delivered' | 'failed'

/** A chat message as the Chat spec's `Message` has it, with its id and status. */
export type ChatMessage = {
  /** The JSON-RPC id of its `wc_chatMessage`: the same on every device of both accounts. */
  readonly id: number
  readonly topic: string
  readonly message: string
  readonly authorAccount: string
  /** When its author wrote it (ms; the signed claims' issue time). */
  readonly timestamp: number
  readonly status: ChatMessageStatus
}

/** A thread of the account (from the synced threads store) with its messages, oldest first. */
export type ChatThread = {
  readonly topic: string
  readonly selfAccount: string
  readonly peerAccount: string
  readonly messages: readonly ChatMessage[]
  /** The peer said it left (`wc_chatLeave`). */
  readonly isLeftByPeer: boolean
}

/** An invite this account received, verified (the spec's `ReceivedInvite`). */
export type ReceivedInvite = {
  /** The JSON-RPC id of the `wc_chatInvite`: the key of `receivedInviteStatuses`. */
  readonly id: number
  readonly message: string
  /** The account the inviter's identity key is authorised for (not what the invite says). */
  readonly inviterAccount: string
  readonly inviteeAccount: string
  readonly inviterPublicKey: string
  readonly inviteePublicKey: string
  /** When the relay received it (ms). */
  readonly timestamp: number
  /** The answer any device of the account gave (`receivedInviteStatuses`). */
  readonly status: 'pending' | 'approved' | 'rejected'
  /** This device is answering it now (`acceptInvite` or `rejectInvite` has not settled yet). */
  readonly isAnswering: boolean
}

/** An invite the account sent (the synced `SentInvite` without its keys). */
export type SentChatInvite = {
  readonly id: number
  readonly message: string
  readonly inviterAccount: string
  readonly inviteeAccount: string
  readonly timestamp: number
  readonly status: 'pending' | 'approved' | 'rejected'
  readonly responseTopic: string
}

/**
 * Everything the chat shows, in a zustand vanilla store (`chat.state`): read it with a selector. Each
 * thread object changes only when that thread does, so `state.threads[topic]` is a stable selection.
 * No key or token is in it.
 */
export type ChatState = {
  status: ChatStatus
  account: string | undefined
  error: BaseError | undefined
  /**
   * What this device keeps of the account's chat (received invites, the messages of its synced threads)
   * is in the state: from the session's stored state on, before the relay answers.
   */
  isLoaded: boolean
  /** This device's identity key (`did:key`), once it is registered. */
  identityKey: string | undefined
  /** The account's invite key (X25519 public key, hex), once it has one. */
  inviteKey: string | undefined
  /** Received invites by id (as a string), verified. */
  receivedInvites: Readonly<Record<string, ReceivedInvite>>
  /** Sent invites by response topic. */
  sentInvites: Readonly<Record<string, SentChatInvite>>
  /** Threads by topic. */
  threads: Readonly<Record<string, ChatThread>>
}

export const INITIAL_CHAT_STATE: ChatState = Object.freeze({
  status: 'idle',
  account: undefined,
  error: undefined,
  isLoaded: false,
  identityKey: undefined,
  inviteKey: undefined,
  receivedInvites: Object.freeze({}),
  sentInvites: Object.freeze({}),
  threads: Object.freeze({}),
}) as ChatState
