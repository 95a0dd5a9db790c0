import { createPlatformHost } from '#platform-host'
import { getPrimitives } from '#platform-primitives'
import { withNativeCrypto } from '../crypto/withNativeCrypto.js'
import { ClientDestroyedError, type StorageError } from '../errors/engine.js'
import { assertRuntimeFeatures } from '../platform/assertRuntimeFeatures.js'
import { undoBigIntParsing } from '../storage/undoBigIntParsing.js'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import type { AccountSync } from './account/accountSync.js'
import { createAccountSync } from './account/createAccountSync.js'
import type { ChatSyncCore } from './chatSyncCore.js'
import { createEmitter } from './createEmitter.js'
import type { Engine } from './engine.js'
import { forgetAccount } from './forgetAccount.js'
import { loadAccount } from './persistence/loadAccount.js'
import { persistedAccountKey } from './persistence/persistedAccount.js'
import { beginReading } from './persistence/readerMarker.js'
import { createRelaySubscriptions } from './relay/createRelaySubscriptions.js'
import { resolveRetention } from './retention.js'
import type { ChatSyncEvents, ChatSyncReportedErrorType, CreateChatSyncParameters } from './types.js'

const RELAYER_CONNECT = 'relayer_connect'
const RELAYER_DISCONNECT = 'relayer_disconnect'

/** The shared part of a chat sync client; see `createChatSync`. */
export function createEngine(parameters: CreateChatSyncParameters): Engine {
  const { core, logger, migrate, nativeCrypto } = parameters
  assertRuntimeFeatures()
  // Checked now, before anything is derived with it.
  const primitives = nativeCrypto ? withNativeCrypto(getPrimitives(), nativeCrypto) : undefined
  const storage = parameters.storage ?? undoBigIntParsing(core.storage)
  // Clients of cores with different storage prefixes share a browser's storage without colliding.
  const scope = (core as ChatSyncCore & { customStoragePrefix?: unknown }).customStoragePrefix
  const storageKey = (account: string) => persistedAccountKey(typeof scope === 'string' ? scope : '', account)
  const retention = resolveRetention(parameters.retention)
  const accounts = new Map<string, AccountSync>()
  /** The account of each live store topic. */
  const routes = new Map<string, AccountSync>()
  const locks = new Map<string, Promise<unknown>>()
  let destroyed = false
  // The page (browsers, Node) or the app (React Native): see platform/platformHost.ts.
  const host = createPlatformHost({ storageKey })
  const { unloadCopies } = host

  const emitter = createEmitter<ChatSyncEvents>((error) => {
    // An application handler threw. Report it where the platform reports uncaught errors, without
    // letting it unwind into the engine or the core.
    const { reportError } = globalThis as { reportError?: unknown }
    if (logger?.error) logger.error('A chatsync event handler threw.', { error })
    else if (typeof reportError === 'function') reportError(error)
    else console.error(error)
  })

  /** `handler` for one of the core's events: it must never throw into the core. */
  const guarded =
    <A extends unknown[]>(handler: (...args: A) => void) =>
    (...args: A) => {
      try {
        handler(...args)
      } catch (error) {
        logger?.error?.('A chatsync relay event handler failed.', { error })
      }
    }
  const subscriptions = createRelaySubscriptions(
    core,
    guarded((event) => {
      const topic = event?.topic as string
      const sync = routes.get(topic)
      if (!sync) return
      host.changed(sync.account)
      sync.receive(topic, event.message, event.publishedAt)
    }),
  )
  // Whether a relay connection was open before: then a new one replaces it.
  let wasConnected = core.relayer.connected
  const onConnect = guarded(() => {
    const isReconnect = wasConnected
    wasConnected = true
    for (const sync of accounts.values()) sync.onConnect(isReconnect)
  })
  const onDisconnect = guarded(() => {
    for (const sync of accounts.values()) sync.onDisconnect()
  })
  core.relayer.on(RELAYER_CONNECT, onConnect)
  core.relayer.on(RELAYER_DISCONNECT, onDisconnect)
  const restoreTransportOpen = reopenWithTransport(core, () => !destroyed && accounts.size > 0)

  // A change applied moments before the page goes must not wait for the persistence delay: the relay
  // counts a message as delivered once the core received it.
  const saveUnloadCopies = () => {
    if (!unloadCopies) return
    for (const sync of accounts.values()) {
      const { record, cleanToken } = sync.prepareToGo()
      const kept = !record || unloadCopies.save(sync.account, record)
      // Everything applied is kept (in storage or in the copy): the next load needs no rebuild.
      if (kept && cleanToken) unloadCopies.markClean(sync.account, cleanToken)
    }
  }
  const emitError = (account: string | undefined, error: ChatSyncReportedErrorType) => {
    logger?.warn?.(error.shortMessage, { account, name: error.name })
    emitter.emit('error', { account, error })
  }
  // Engines of the account on the same storage (tabs of this origin) share one channel.
  const openChannel = (account: string) => host.openTabChannel(account)

  const engine: Engine = {
    core,
    storage,
    logger,
    primitives,
    accounts,
    subscriptions,
    unloadCopies,
    emitter,
    storageKey,
    emitError,
    emitAllChanged: (account) => emitter.emit('change', { account, stores: CHAT_STORE_IDS, source: 'local' }),
    get destroyed() {
      return destroyed
    },
    assertAlive() {
      if (destroyed) throw new ClientDestroyedError()
    },
    exclusive(account, task) {
      const run = (locks.get(account) ?? Promise.resolve()).then(task, task)
      const settled = run.catch(() => {})
      locks.set(account, settled)
      void settled.then(() => {
        if (locks.get(account) === settled) locks.delete(account)
      })
      return run
    },
    load: (account) =>
      loadAccount({ storage, storageKey: storageKey(account), account, unloadCopies, migrate }),
    async beginReading(account, hasRecord) {
      return beginReading({
        storage,
        storageKey: storageKey(account),
        clientId: await core.crypto.getClientId(),
        hasRecord,
        cleanToken: unloadCopies?.takeCleanToken(account),
      })
    },
    activate(account, init) {
      const sync = createAccountSync(account, init, {
        core,
        logger,
        storage,
        persistSignature: parameters.persistSignature ?? true,
        retention,
        storageKey,
        emit: emitter.emit,
        emitError,
        subscribe: (topics) => subscriptions.subscribe(topics),
        onPersisted: (persisted) => unloadCopies?.saved(persisted),
        onChanged: (changed) => host.changed(changed),
        onUnregisteredElsewhere: (gone) => {
          engine
            .exclusive(gone, () => forgetAccount(engine, gone, true))
            .catch((error: StorageError) => emitError(gone, error))
        },
        openTabChannel: openChannel,
      })
      accounts.set(account, sync)
      for (const topic of Object.values(init.topics)) routes.set(topic, sync)
      engine.emitAllChanged(account)
      sync.requestSync()
      return sync
    },
    async deactivate(sync, forget) {
      accounts.delete(sync.account)
      for (const topic of Object.values(sync.topics)) {
        if (routes.get(topic) === sync) routes.delete(topic)
      }
      await sync.stop(forget)
    },
    openTabChannel: openChannel,
    preconnect() {
      if (core.relayer.connected || core.relayer.transportExplicitlyClosed) return
      core.relayer.request({ method: 'irn_batchFetchMessages', params: { topics: [] } }).catch(() => {})
    },
    detach() {
      detachHost()
      restoreTransportOpen()
      core.relayer.off(RELAYER_CONNECT, onConnect)
      core.relayer.off(RELAYER_DISCONNECT, onDisconnect)
    },
    saveUnloadCopies,
    markDestroyed() {
      destroyed = true
    },
  }
  const detachHost = host.attach(engine)
  return engine
}

/**
 * After the app closes the core's transport on purpose and opens it again, the core connects only when it
 * has topics of its own (`transportOpen` returns at once otherwise), and the engine's subscriptions and
 * outbox would wait until something else connected. So the engine follows `transportOpen`: when the core
 * stays disconnected while `needed()`, a request of the engine's opens the connection (the core then
 * reports it, and catching up and publishing resume). Returns the undo.
 */
function reopenWithTransport(core: ChatSyncCore, needed: () => boolean): () => void {
  const relayer = core.relayer as { transportOpen?: (...args: unknown[]) => Promise<void> }
  const original = relayer.transportOpen
  if (typeof original !== 'function') return () => {}
  const follow = async function (this: unknown, ...args: unknown[]) {
    await original.apply(this, args)
    if (needed() && !core.relayer.connected) {
      await core.relayer.request({ method: 'irn_batchFetchMessages', params: { topics: [] } }).catch(() => {})
    }
  }
  relayer.transportOpen = follow
  return () => {
    if (relayer.transportOpen === follow) relayer.transportOpen = original
  }
}
