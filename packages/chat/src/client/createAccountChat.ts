import {
  type BaseError,
  type ChatSyncCore,
  type ChatSyncSession,
  type ChatSyncStorage,
  type Signer,
  type WatchedTopic,
  watchTopics,
} from '@chatsync/core'
import { keyTopic } from '@chatsync/core/internal'
import { sameAccount } from '../account/sameAccount.js'
import { ChatError } from '../errors/ChatError.js'
import { loadDeviceIdentity } from '../identity/createDeviceIdentity.js'
import type { IdentityResolver } from '../identity/createIdentityResolver.js'
import type { KeysServerClient } from '../identity/createKeysServerClient.js'
import type { AccountContext, ChatRetention } from './accountContext.js'
import type { ChatState } from './chatState.js'
import { createDeviceStore } from './createDeviceStore.js'
import { createInbox } from './createInbox.js'
import { createInviteKeys, type InviteKeysManager } from './createInviteKeys.js'
import { createMessageKeepAlive } from './createMessageKeepAlive.js'
import { createProjection } from './createProjection.js'
import { createPublisher } from './createPublisher.js'
import { sendReceipts } from './sendReceipts.js'
import { CHUNK_SIZE, createThreadEntry } from './threadEntry.js'
import { writeStore } from './writeStore.js'

export type AccountChat = {
  readonly context: AccountContext
  readonly inviteKeys: InviteKeysManager
  /** The session's stores changed: threads kept, topics watched and the state follow. */
  storesChanged(): void
  /**
   * Loads this device's identity, or (with `ask`) asks the wallet for one, then makes sure the account
   * has an invite key. Resolves whether the device has its identity now.
   */
  enableIdentity(options: { ask: boolean }): Promise<boolean>
  /** Settles once everything received so far is handled (tests, benchmarks). */
  idle(): Promise<void>
  stop(): Promise<void>
}

export type CreateAccountChatParameters = {
  account: string
  session: ChatSyncSession
  core: ChatSyncCore
  /** Settles once the core is started: topics are watched and publishes sent from then on. */
  coreReady: Promise<void>
  /** Settles once the chat that ran before on this client has written what it kept (read after it). */
  previousStopped: Promise<void>
  storage: ChatSyncStorage
  storagePrefix: string
  keysServer: KeysServerClient
  identities: IdentityResolver
  signer: Signer
  domain: string
  retention: ChatRetention
  jwtTtlSeconds: number
  now(): number
  setState(update: (state: ChatState) => Partial<ChatState>): void
  report(error: BaseError): void
}

/** The state is brought up to date at most this often during a batch of changes. */
const FRAME_MS = 16

/** One account's chat on this device, from the session's stores and the relay to the state. */
export function createAccountChat(parameters: CreateAccountChatParameters): AccountChat {
  const { account, session, core, coreReady, storage, storagePrefix, setState, report, now } = parameters
  const stores = () => session.state.getState().stores
  const dirty = new Set<string>()
  let flushQueued = false
  let lastFlush = 0
  let holds = 0
  let pendingInHold = false
  const ctx: AccountContext = {
    account,
    session,
    core,
    keysServer: parameters.keysServer,
    identities: parameters.identities,
    device: createDeviceStore({
      storage,
      prefix: `${storagePrefix}:${account}`,
      onError: (cause) => report(new ChatError('Could not write the chat state.', { cause })),
    }),
    retention: parameters.retention,
    jwtTtlSeconds: parameters.jwtTtlSeconds,
    now,
    identity: undefined,
    invites: new Map(),
    answering: new Set(),
    inviteAuths: new Set(),
    threads: new Map(),
    inviteKeys: () => stores().inviteKeys.data.find((keys) => sameAccount(keys.account, account)),
    pendingSentInvite: (responseTopic) => {
      const invite = stores().sentInvites.byKey[responseTopic]
      return invite?.status === 'pending' && sameAccount(invite.inviterAccount, account) ? invite : undefined
    },
    storedThread: (topic) => {
      const thread = stores().threads.byKey[topic]
      return thread && sameAccount(thread.selfAccount, account) ? thread : undefined
    },
    coreReady,
    publish: createPublisher(core, account, parameters.retention.ttlSeconds, coreReady),
    report,
    changed(topic) {
      if (topic) dirty.add(topic)
      // Inside a batch (a page of history), at most once a frame, so a long thread shows as it comes.
      if (holds > 0) {
        if (Date.now() - lastFlush >= FRAME_MS) project()
        else pendingInHold = true
        return
      }
      if (flushQueued) return
      flushQueued = true
      queueMicrotask(project)
    },
    async hold(task) {
      holds++
      try {
        return await task()
      } finally {
        holds--
        if (holds === 0 && pendingInHold) {
          pendingInHold = false
          ctx.changed()
        }
      }
    },
    stopped: false,
  }
  const inviteKeys = createInviteKeys(ctx)

  const projection = createProjection(ctx, dirty)
  let isLoaded = false
  /** Brings the state up to date with what changed (one state update for a whole batch). */
  function project() {
    flushQueued = false
    lastFlush = Date.now()
    if (!ctx.stopped) setState((shown) => ({ ...projection(shown), isLoaded }))
  }

  const inbox = createInbox({
    context: ctx,
    async onAnswer(responseTopic, outcome) {
      const sentInvite = ctx.pendingSentInvite(responseTopic)
      if (!sentInvite) return
      if (outcome.status === 'approved')
        await writeStore(session, { store: 'threads', value: outcome.thread })
      await writeStore(session, { store: 'sentInvites', value: { ...sentInvite, status: outcome.status } })
    },
    onUnacknowledged: (entry, messages) => sendReceipts(ctx, entry, messages),
  })
  const watcher = watchTopics(core, { onMessages: inbox.receive, onError: report })
  const keepAlive = createMessageKeepAlive(ctx)

  let syncing: Promise<void> = parameters.previousStopped
    .then(() => ctx.device.loadInvites())
    .then((invites) => {
      for (const [id, invite] of invites) ctx.invites.set(id, invite)
    })
  /** Threads kept and topics watched as the stores say, one update after the other. */
  async function syncStores() {
    const wanted = new Map(
      stores()
        .threads.data.filter((t) => sameAccount(t.selfAccount, account))
        .map((t) => [t.topic, t]),
    )
    for (const topic of [...ctx.threads.keys()]) {
      if (wanted.has(topic)) continue
      const gone = ctx.threads.get(topic)!
      ctx.threads.delete(topic)
      ctx.device.removeThread(topic, Math.ceil(gone.bySlot.length / CHUNK_SIZE))
      ctx.changed()
    }
    for (const [topic, thread] of wanted) {
      if (ctx.threads.has(topic)) continue
      const kept = await ctx.device.loadThread(topic)
      if (ctx.stopped || ctx.threads.has(topic) || !ctx.storedThread(topic)) continue
      ctx.threads.set(topic, createThreadEntry(thread, kept))
      ctx.changed(topic)
    }
    if (!isLoaded) {
      // What this device keeps is in the state now: shown at once, before the relay is read.
      isLoaded = true
      project()
    }
    const topics: WatchedTopic[] = []
    const keys = ctx.inviteKeys()
    if (keys) topics.push({ topic: keyTopic(keys.publicKey), privateKey: keys.privateKey })
    for (const invite of stores().sentInvites.data)
      if (ctx.pendingSentInvite(invite.responseTopic))
        topics.push({ topic: invite.responseTopic, symKey: invite.symKey })
    for (const { thread } of ctx.threads.values()) topics.push({ topic: thread.topic, symKey: thread.symKey })
    // Watched once the core is started (the stored state shows before).
    void coreReady.then(() => {
      if (!ctx.stopped)
        watcher
          .setTopics(topics)
          .catch((cause: unknown) => report(new ChatError('Could not watch the chat’s topics.', { cause })))
    })
    ctx.changed()
  }

  let lastInviteKeys = ctx.inviteKeys()
  let wasReady = session.getState().status === 'ready'
  return {
    context: ctx,
    inviteKeys,
    storesChanged() {
      syncing = syncing
        .then(syncStores)
        .catch((cause) => report(new ChatError('Could not follow the stores.', { cause })))
      const keys = ctx.inviteKeys()
      const isReady = session.getState().status === 'ready'
      // The invite key is looked at once caught up, and again whenever the store's key changes.
      if (keys !== lastInviteKeys || (isReady && !wasReady)) {
        lastInviteKeys = keys
        inviteKeys.ensure().catch(report)
      }
      wasReady = isReady
    },
    async enableIdentity({ ask }) {
      const { keysServer, signer, domain } = parameters
      ctx.identity ??= await loadDeviceIdentity({
        account,
        storage,
        storageKey: `${storagePrefix}:${account}:identity`,
        keysServer,
        signer,
        domain,
        now,
        ask,
        onSigning: () => setState(() => ({ status: 'signing' })),
      })
      if (!ctx.identity) return false
      await inviteKeys.ensure().catch(report)
      return true
    },
    idle: async () => {
      await syncing
      await inbox.idle()
    },
    async stop() {
      ;(ctx as { stopped: boolean }).stopped = true
      watcher.stop()
      keepAlive.stop()
      // What is pending is written, unless the storage hangs.
      await Promise.race([ctx.device.close(), new Promise((resolve) => setTimeout(resolve, 2000).unref?.())])
    },
  }
}
