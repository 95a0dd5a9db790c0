import type { BaseError, ChatSyncCore, ChatSyncSession, InviteKeys, SentInvite, Thread } from '@chatsync/core'
import type { DeviceIdentity } from '../identity/createDeviceIdentity.js'
import type { IdentityResolver } from '../identity/createIdentityResolver.js'
import type { KeysServerClient } from '../identity/createKeysServerClient.js'
import type { KeptInvite } from '../protocol/invite.js'
import type { DeviceStore } from './createDeviceStore.js'
import type { ThreadEntry } from './threadEntry.js'

/** How long what the chat publishes stays on the relay, and when messages are published again. */
export type ChatRetention = {
  ttlSeconds: number
  refreshAfterMs: number
  jitterMs: number
  checkEveryMs: number
}

/** What one account's chat on this device shares between its parts. */
export type AccountContext = {
  readonly account: string
  readonly session: ChatSyncSession
  readonly core: ChatSyncCore
  readonly keysServer: KeysServerClient
  readonly identities: IdentityResolver
  readonly device: DeviceStore
  readonly retention: ChatRetention
  /** How long the claims this device signs are valid (seconds). */
  readonly jwtTtlSeconds: number
  now(): number
  /** This device's identity, once signed and registered. */
  identity: DeviceIdentity | undefined
  /** Received invites by id (as a string), and their `inviteAuth`s. */
  readonly invites: Map<string, KeptInvite>
  /** Ids of received invites this device is answering now. */
  readonly answering: Set<string>
  readonly inviteAuths: Set<string>
  /** The account's live threads by topic. */
  readonly threads: Map<string, ThreadEntry>
  /** The synced stores of the account, as the session shows them now. */
  inviteKeys(): InviteKeys | undefined
  pendingSentInvite(responseTopic: string): SentInvite | undefined
  storedThread(topic: string): Thread | undefined
  /** Settles once the core is started (a core made before its sign client restored its sessions). */
  readonly coreReady: Promise<void>
  /** Publishes an envelope on a topic with the retention's ttl, once the core is started. @throws {RelayRequestError} */
  publish(topic: string, message: string, tag: number): Promise<void>
  /** A dropped payload or a background failure: the `error` event. */
  report(error: BaseError): void
  /** Something shown changed (`topic`: in that thread): the state is brought up to date soon. */
  changed(topic?: string): void
  /** Runs `task` with the state brought up to date at most once a frame meanwhile, and at its end. */
  hold<T>(task: () => Promise<T>): Promise<T>
  readonly stopped: boolean
}
