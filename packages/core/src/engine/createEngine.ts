import { createPlatformHost } from '#platform-host'
import { getPrimitives } from '#platform-primitives'
import { withNativeCrypto } from '../crypto/withNativeCrypto.js'
import { ClientDestroyedError, type StorageError } from '../errors/engine.js'
import { undoBigIntParsing } from '../storage/undoBigIntParsing.js'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import type { AccountSync } from './account/accountSync.js'
import { createAccountSync } from './account/createAccountSync.js'
import { type ChatSyncCore, RELAYER_CONNECT, RELAYER_DISCONNECT } from './chatSyncCore.js'
import { createAccountSpellings } from './createAccountSpellings.js'
import { createEmitter } from './createEmitter.js'
import { createStartup } from './createStartup.js'
import type { Engine } from './engine.js'
import { forgetAccount } from './forgetAccount.js'
import { loadAccount } from './persistence/loadAccount.js'
import { persistedAccountKey } from './persistence/persistedAccount.js'
import { beginReading } from './persistence/readerMarker.js'
import { createConnectionMonitor } from './relay/createConnectionMonitor.js'
import { createRelaySubscriptions } from './relay/createRelaySubscriptions.js'
import { followTransportOpen } from './relay/followTransportOpen.js'
import { resolveRetention } from './retention.js'
import type { ChatSyncEvents, ChatSyncReportedErrorType, CreateChatSyncParameters } from './types.js'

/** The shared part of a chat sync client; see `createChatSync`. */
export function createEngine(parameters: CreateChatSyncParameters): Engine {
  const { core, logger, migrate, nativeCrypto } = parameters
  // The page (browsers, Node) or the app (React Native): see platform/platformHost.ts. On React Native it
  // first checks the polyfills chatsync needs (MissingPolyfillError), before the core is touched;
  // browsers and Node have them.
  const host = createPlatformHost({ storageKey: (account) => storageKey(account) })
  const storage = parameters.storage ?? undoBigIntParsing(core.storage)
  // Clients of cores with different storage prefixes share a browser's storage without colliding.
  const scope = (core as ChatSyncCore & { customStoragePrefix?: unknown }).customStoragePrefix
  const storageKey = (account: string) => persistedAccountKey(typeof scope === 'string' ? scope : '', account)
  // Checked now, before anything is derived with it.
  const primitives = nativeCrypto ? withNativeCrypto(getPrimitives(), nativeCrypto) : undefined
  const retention = resolveRetention(parameters.retention)
  const accounts = new Map<string, AccountSync>()
  /** The account of each live store topic. */
  const routes = new Map<string, AccountSync>()
  const locks = new Map<string, Promise<unknown>>()
  let destroyed = false
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
  const connection = createConnectionMonitor({
    core,
    onChange: guarded((_status, error) => {
      // Every live account's snapshot carries the connection: its change is a change of each.
      for (const account of accounts.keys()) emitter.emit('change', { account, stores: [], source: 'remote' })
      if (error) emitError(undefined, error)
    }),
  })
  // Whether a relay connection was open before: then a new one replaces it. After failed attempts, the
  // requests still waiting went out on connections that are gone.
  let wasConnected = core.relayer.connected
  const onConnect = guarded(() => {
    const isReconnect = wasConnected || connection.status === 'offline'
    wasConnected = true
    // A connection the core opened while the app holds the transport closed (an attempt under way when
    // it closed it): not used, since requests on it would reopen the transport against the app's wish;
    // the app's `transportOpen` replaces it (see `followTransportOpen`).
    if (core.relayer.transportExplicitlyClosed) return
    for (const sync of accounts.values()) sync.onConnect(isReconnect)
  })
  const onDisconnect = guarded(() => {
    for (const sync of accounts.values()) sync.onDisconnect()
  })
  core.relayer.on(RELAYER_CONNECT, onConnect)
  core.relayer.on(RELAYER_DISCONNECT, onDisconnect)
  const restoreTransportOpen = followTransportOpen(core, () => !destroyed && accounts.size > 0)

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
    // A relay request that failed on a connection that looked fine: is the relay still there?
    if (error.name === 'RelayRequestError') connection.suspect()
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
    spellings: createAccountSpellings(),
    subscriptions,
    connection,
    unloadCopies,
    emitter,
    startup: createStartup({
      coreReady: parameters.coreReady,
      storage,
      key: storageKey('').replace('//account:', '//recent-account'),
      onPreview: (account) => emitter.emit('change', { account, stores: CHAT_STORE_IDS, source: 'local' }),
    }),
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
        connection,
      })
      accounts.set(account, sync)
      engine.startup.previews.delete(account)
      for (const topic of Object.values(init.topics)) routes.set(topic, sync)
      engine.emitAllChanged(account)
      connection.want()
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
    // The monitor's first check is a request: it opens the connection.
    preconnect: connection.want,
    detach() {
      connection.stop()
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
