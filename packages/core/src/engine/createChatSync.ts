import { checkSignature, deriveStoreKeys } from '../keys/deriveStoreKeys.js'
import { getSyncMessage } from '../keys/getSyncMessage.js'
import { parseAccount } from '../keys/parseAccount.js'
import { emptyStoreState } from '../lww/applyUpdate.js'
import { byStore } from '../stores/byStore.js'
import { CHAT_STORE_IDS, CHAT_STORES, type ChatStoreId, parseStoreValue } from '../stores/catalogue.js'
import type { ChatSyncCore } from './chatSyncCore.js'
import {
  type AccountSync,
  type AccountSyncContext,
  type AccountSyncInit,
  createAccountSync,
} from './createAccountSync.js'
import { createEmitter } from './createEmitter.js'
import { createRelaySubscriptions } from './createRelaySubscriptions.js'
import { storeKeyBytes } from './envelope.js'
import {
  AccountNotRegisteredError,
  ClientDestroyedError,
  InvalidStoreKeyError,
  PayloadTooLargeError,
  RelayRequestError,
  SignatureMismatchError,
  StorageError,
  UnknownStoreError,
} from './errors.js'
import {
  decodePersistedAccount,
  mergeRestoredAccounts,
  persistedAccountKey,
  type RestoredAccount,
} from './persistedAccount.js'
import { recoverPersonalSignAddress } from './recoverPersonalSignAddress.js'
import { openTabChannel } from './tabChannel.js'
import { ENGINE_LIMITS, withTimeout } from './timing.js'
import type {
  AccountSnapshot,
  ChatSyncClient,
  ChatSyncEvents,
  ChatSyncStores,
  CreateChatSyncParameters,
} from './types.js'
import { createUnloadCopies } from './unloadCopies.js'

const RELAYER_CONNECT = 'relayer_connect'
const RELAYER_DISCONNECT = 'relayer_disconnect'

/** The snapshot of an account that is not registered here. */
const EMPTY_SNAPSHOT: AccountSnapshot = Object.freeze({
  status: 'idle',
  stores: Object.freeze(byStore(() => Object.freeze(emptyStoreState()))) as ChatSyncStores,
})

const emptyStores = () => byStore(emptyStoreState) as ChatSyncStores

function sameTopics(a: Readonly<Record<ChatStoreId, string>>, b: Readonly<Record<ChatStoreId, string>>) {
  return CHAT_STORE_IDS.every((storeId) => a[storeId] === b[storeId])
}

/**
 * The sync engine: live, synchronised Chat stores for any number of accounts on a WalletConnect core
 * (`signClient.core`). See `ChatSyncClient` for the API and ARCHITECTURE.md for the contract.
 *
 * History is fetched with `irn_batchFetchMessages` and decoded here in batches; live changes arrive
 * through the core's relayer pipeline (`relayer_message`) and are folded per turn of the event loop, so
 * listeners hear once per batch. Writes apply locally at once, are persisted (coalesced) and published
 * from a persisted outbox that retries with backoff and on reconnect.
 */
export function createChatSync(parameters: CreateChatSyncParameters): ChatSyncClient {
  const { core, logger, migrate } = parameters
  const storage = parameters.storage ?? core.storage
  // Clients of cores with different storage prefixes share a browser's storage without colliding.
  const scope = (core as ChatSyncCore & { customStoragePrefix?: unknown }).customStoragePrefix
  const storageKey = (account: string) => persistedAccountKey(typeof scope === 'string' ? scope : '', account)

  const accounts = new Map<string, AccountSync>()
  /** The account of each live store topic. */
  const routes = new Map<string, AccountSync>()
  const locks = new Map<string, Promise<unknown>>()
  let destroyed = false

  // In a browser, write what each account holds as the page is hidden or left: the relay counts a message
  // as delivered once the core received it, so a change applied moments before a reload must not wait
  // for the persistence delay.
  const page = globalThis as { document?: { visibilityState?: string }; addEventListener?: unknown }
  const isPage = typeof page.document === 'object' && typeof page.addEventListener === 'function'
  const pageEvents = isPage ? ['pagehide', 'visibilitychange'] : []
  // Hidden counts too: a mobile browser may end a hidden page without a pagehide.
  const unloadCopies = isPage ? createUnloadCopies(storageKey) : undefined
  const saveUnloadCopies = () => {
    for (const sync of accounts.values()) {
      if (sync.unsaved) unloadCopies?.save(sync.account, sync.getRecord(false))
    }
  }
  const flushOnHide = (event: { type: string }) => {
    if (event.type === 'visibilitychange' && page.document?.visibilityState === 'visible') return
    saveUnloadCopies()
    for (const sync of accounts.values()) void sync.persistNow()
  }
  for (const type of pageEvents) globalThis.addEventListener(type, flushOnHide)

  const emitter = createEmitter<ChatSyncEvents>((error) => {
    // An application handler threw. Report it where the platform reports uncaught errors, without
    // letting it unwind into the engine or the core.
    const { reportError } = globalThis as { reportError?: unknown }
    if (logger?.error) logger.error('A chatsync event handler threw.', { error })
    else if (typeof reportError === 'function') reportError(error)
    else console.error(error)
  })

  const emitError = (account: string | undefined, error: ChatSyncEvents['error']['error']) => {
    logger?.warn?.(error.shortMessage, { account, name: error.name })
    emitter.emit('error', { account, error })
  }

  /** Every store of `account` changed (it was registered, restored or unregistered here). */
  const emitAllChanged = (account: string) =>
    emitter.emit('change', { account, stores: CHAT_STORE_IDS, source: 'local' })

  // ---------- relay events ----------

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
      routes.get(topic)?.receive(topic, event.message)
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

  const context: AccountSyncContext = {
    core,
    logger,
    storage,
    persistSignature: parameters.persistSignature ?? true,
    storageKey,
    emit: emitter.emit,
    emitError,
    subscribe: (topics) => subscriptions.subscribe(topics),
    onPersisted: (account) => unloadCopies?.saved(account),
    onUnregisteredElsewhere: (account) => {
      exclusive(account, () => forget(account, true)).catch((error: StorageError) =>
        emitError(account, error),
      )
    },
    // Engines of the account on the same storage (tabs of this origin) share one channel. Only pages have
    // tabs: elsewhere nothing is posted (Node has BroadcastChannel too).
    openTabChannel: (account, onMessage) =>
      isPage ? openTabChannel(storageKey(account), onMessage) : undefined,
  }

  // ---------- helpers ----------

  function assertAlive() {
    if (destroyed) throw new ClientDestroyedError()
  }

  /** Runs register/restore/unregister of one account one at a time. */
  function exclusive<T>(account: string, task: () => Promise<T>): Promise<T> {
    const run = (locks.get(account) ?? Promise.resolve()).then(task, task)
    const settled = run.catch(() => {})
    locks.set(account, settled)
    void settled.then(() => {
      if (locks.get(account) === settled) locks.delete(account)
    })
    return run
  }

  /** Runs a storage operation, failing with a `StorageError`. */
  async function withStorage<T>(
    operation: 'load' | 'remove',
    account: string,
    task: () => Promise<T>,
  ): Promise<T> {
    try {
      return await task()
    } catch (cause) {
      throw new StorageError({ operation, account, cause })
    }
  }

  async function load(account: string): Promise<RestoredAccount | undefined> {
    const raw = await withStorage('load', account, () => storage.getItem(storageKey(account)))
    const persisted =
      raw === undefined || raw === null ? undefined : decodePersistedAccount(raw, account, migrate)
    const copy = unloadCopies?.read(account)
    const unloaded = copy === undefined ? undefined : decodePersistedAccount(copy, account, migrate)
    if (!unloaded) return persisted
    if (!persisted) return unloaded
    return sameTopics(persisted.topics, unloaded.topics)
      ? mergeRestoredAccounts(persisted, unloaded)
      : persisted
  }

  /** Makes an account live and starts catching up. */
  function activate(account: string, init: AccountSyncInit): AccountSync {
    const sync = createAccountSync(account, init, context)
    accounts.set(account, sync)
    for (const topic of Object.values(init.topics)) routes.set(topic, sync)
    emitAllChanged(account)
    sync.requestSync()
    return sync
  }

  async function deactivate(sync: AccountSync, forget: boolean) {
    accounts.delete(sync.account)
    for (const topic of Object.values(sync.topics)) {
      if (routes.get(topic) === sync) routes.delete(topic)
    }
    await sync.stop(forget)
  }

  type InstalledKeys = {
    topics: Record<ChatStoreId, string>
    keys: Record<ChatStoreId, Uint8Array>
    /** Settles once the core's keychain has the keys too. */
    stored: Promise<void>
  }

  async function installKeys(signature: string): Promise<InstalledKeys> {
    const started = Date.now()
    const derived = await deriveStoreKeys({
      signature,
      stores: CHAT_STORE_IDS.map((storeId) => CHAT_STORES[storeId].name),
    })
    logger?.debug?.('Derived the store keys.', { ms: Date.now() - started })
    const topics = Object.create(null) as Record<ChatStoreId, string>
    const keys = Object.create(null) as Record<ChatStoreId, Uint8Array>
    const symKeys: string[] = []
    for (const storeId of CHAT_STORE_IDS) {
      const storeKeys = derived[CHAT_STORES[storeId].name] as { symKey: string; topic: string }
      topics[storeId] = storeKeys.topic
      keys[storeId] = storeKeyBytes(storeKeys.symKey)
      if (!core.crypto.hasKeys(storeKeys.topic)) symKeys.push(storeKeys.symKey)
    }
    // The engine seals and opens messages itself; the core's keychain keeps the keys for restore() of a
    // registration persisted without its signature. Each write rewrites the keychain, so it runs while
    // the history is fetched rather than before.
    const stored = Promise.all(symKeys.map((symKey) => core.crypto.setSymKey(symKey))).then(() => {})
    stored.catch(() => {})
    return { topics, keys, stored }
  }

  /** Store keys from the core's keychain, for a registration persisted without its signature. */
  function keysFromKeychain(
    topics: Record<ChatStoreId, string>,
  ): Record<ChatStoreId, Uint8Array> | undefined {
    try {
      const keys = Object.create(null) as Record<ChatStoreId, Uint8Array>
      for (const storeId of CHAT_STORE_IDS) {
        const symKey = core.crypto.hasKeys(topics[storeId]) && core.crypto.keychain.get(topics[storeId])
        if (typeof symKey !== 'string' || !/^[0-9a-f]{64}$/.test(symKey)) return undefined
        keys[storeId] = storeKeyBytes(symKey)
      }
      return keys
    } catch {
      return undefined
    }
  }

  /**
   * Opens the relay connection while the store keys are derived (PBKDF2 runs off the main thread), or
   * while the user is asked to sign, so the first history request does not wait for the handshake. The
   * core opens its socket on the first request only; an empty fetch is the cheapest request there is,
   * and its answer does not matter.
   */
  function preconnect() {
    if (core.relayer.connected || core.relayer.transportExplicitlyClosed) return
    core.relayer.request({ method: 'irn_batchFetchMessages', params: { topics: [] } }).catch(() => {})
  }

  /** The live account `account` and a known `store` to write to, or the error that says why not. */
  function writable(account: string, store: unknown, action: string): [AccountSync, ChatStoreId] {
    assertAlive()
    const sync = accounts.get(account)
    if (!sync)
      throw new AccountNotRegisteredError({ account: String(account), action: `${action} ${String(store)}` })
    if (typeof store !== 'string' || !CHAT_STORE_IDS.includes(store as ChatStoreId)) {
      throw new UnknownStoreError({ store })
    }
    return [sync, store as ChatStoreId]
  }

  /**
   * Forgets `account` on this device: stops it, unsubscribes its topics, deletes its keys and its stored
   * state. Unless another tab did so first (`elsewhere`), the other tabs are told to do the same: they
   * would otherwise keep it live and store it again.
   */
  async function forget(account: string, elsewhere: boolean) {
    const live = accounts.get(account)
    let topics = live?.topics
    if (live) {
      await deactivate(live, true)
      emitAllChanged(account)
    } else if (!elsewhere) {
      topics = await load(account).then(
        (persisted) => persisted?.topics,
        () => undefined,
      )
    }
    if (topics) {
      const list = Object.values(topics)
      // Not awaited: the relay may be unreachable, and nothing is routed to the account any more.
      subscriptions.unsubscribe(list).catch((cause) => {
        if (!destroyed)
          emitError(account, new RelayRequestError({ operation: 'unsubscribe', account, cause }))
      })
      for (const topic of list) {
        if (core.crypto.hasKeys(topic)) await core.crypto.deleteSymKey(topic)
      }
    }
    unloadCopies?.remove(account)
    // Also after another tab: a write of this one may have been in flight when that tab removed it.
    await withStorage('remove', account, () => storage.removeItem(storageKey(account)))
    if (elsewhere) return
    const channel = context.openTabChannel(account, () => {})
    channel?.post({ v: 1, applied: [], written: [], unregistered: true })
    channel?.close()
  }

  // ---------- client ----------

  const client: ChatSyncClient = {
    getMessage({ account }) {
      return getSyncMessage(account)
    },

    async register({ account, signature }) {
      assertAlive()
      const { namespace, address } = parseAccount(account)
      checkSignature(signature)
      if (namespace === 'eip155') {
        // Accounts of other namespaces are accepted unverified: their signature schemes differ, and a
        // wrong signature there only yields stores no other device of the account uses.
        const recovered = recoverPersonalSignAddress(getSyncMessage(account), signature)
        if (recovered !== address.toLowerCase()) {
          throw new SignatureMismatchError({
            account,
            reason: recovered ? 'wrong-signer' : 'malformed-signature',
          })
        }
      }
      await exclusive(account, async () => {
        assertAlive()
        preconnect()
        // A registration persisted for the same stores (a reload) keeps its state and outbox.
        const loading = load(account).catch((error: StorageError) => emitError(account, error))
        const { topics, keys, stored } = await installKeys(signature)
        const live = accounts.get(account)
        if (live && sameTopics(live.topics, topics)) {
          await Promise.all([live.firstSync, stored])
          return
        }
        if (live) await deactivate(live, true)
        const persisted = await loading
        const { stores = emptyStores(), outbox = [] } =
          persisted && sameTopics(persisted.topics, topics) ? persisted : {}
        const sync = activate(account, { signature, topics, keys, stores, outbox })
        await stored.catch((cause) =>
          emitError(account, new StorageError({ operation: 'save', account, cause })),
        )
        void sync.persistNow()
        await sync.firstSync
      })
    },

    async restore({ account }) {
      assertAlive()
      parseAccount(account)
      return exclusive(account, async () => {
        assertAlive()
        if (accounts.has(account)) return true
        const persisted = await load(account)
        if (!persisted) {
          // The app asks for a signature next: the relay connection opens meanwhile, so the catch-up
          // after register() does not wait for it.
          preconnect()
          return false
        }
        let keys = keysFromKeychain(persisted.topics)
        if (!keys && persisted.signature) {
          const installed = await installKeys(persisted.signature)
          await installed.stored
          if (!sameTopics(installed.topics, persisted.topics)) return false
          keys = installed.keys
        }
        if (!keys) return false
        const sync = activate(account, { ...persisted, keys })
        // Storage catches up with what the page saved as it unloaded; then that copy goes.
        if (unloadCopies?.has(account)) void sync.persistNow()
        return true
      })
    },

    async isRegistered({ account }) {
      assertAlive()
      if (accounts.has(account)) return true
      const persisted = await load(account)
      return !!persisted && (!!persisted.signature || !!keysFromKeychain(persisted.topics))
    },

    async unregister({ account }) {
      assertAlive()
      await exclusive(account, () => forget(account, false))
    },

    async set({ account, store, value }) {
      const [sync, storeId] = writable(account, store, 'write to')
      const parsed = parseStoreValue(storeId, value)
      if (!parsed.ok) throw parsed.error
      const { name, keyOf } = CHAT_STORES[storeId]
      const text = JSON.stringify(parsed.value)
      const key = (keyOf as (value: unknown) => string)(parsed.value)
      // The request wraps the value text once more (escaped: at most 6 characters each) next to the key
      // and an id. The exact size is measured only when that cheap bound is over the limit, so an ordinary
      // write does not serialise its value a second time.
      const limit = ENGINE_LIMITS.maxRequestLength
      if (6 * (text.length + key.length) + 80 > limit) {
        const size = JSON.stringify(text).length + JSON.stringify(key).length + 80
        if (size > limit) throw new PayloadTooLargeError({ store: name, size, limit })
      }
      return sync.write(storeId, { type: 'set', key, value: parsed.value, text })
    },

    async delete({ account, store, key }) {
      const [sync, storeId] = writable(account, store, 'delete from')
      if (
        typeof key !== 'string' ||
        !key ||
        JSON.stringify(key).length + 80 > ENGINE_LIMITS.maxRequestLength
      ) {
        throw new InvalidStoreKeyError()
      }
      return sync.write(storeId, { type: 'delete', key })
    },

    getSnapshot({ account }) {
      return accounts.get(account)?.getSnapshot() ?? EMPTY_SNAPSHOT
    },

    subscribe(listener) {
      return emitter.on('change', listener)
    },

    on(event, handler) {
      return emitter.on(event, handler)
    },

    async destroy() {
      if (destroyed) return
      destroyed = true
      // Apps destroy the client as the page goes (pagehide), when this one's own listener may not run.
      saveUnloadCopies()
      for (const type of pageEvents) globalThis.removeEventListener(type, flushOnHide)
      core.relayer.off(RELAYER_CONNECT, onConnect)
      core.relayer.off(RELAYER_DISCONNECT, onDisconnect)
      const live = [...accounts.values()]
      // While the core stays connected, the relay would keep delivering the store messages to it, and the
      // core would acknowledge and drop them: this client's restore() would then never see them.
      // Best effort, and never long: the relay may be unreachable even while the socket looks open.
      const unsubscribed =
        core.relayer.connected &&
        withTimeout(
          subscriptions.unsubscribe(live.flatMap((sync) => Object.values(sync.topics))),
          1000,
          'unsubscribe',
        ).catch(() => {})
      await Promise.all(live.map((sync) => deactivate(sync, false)))
      await unsubscribed
      subscriptions.detachAll()
      emitter.clear()
    },
  }
  return client
}
