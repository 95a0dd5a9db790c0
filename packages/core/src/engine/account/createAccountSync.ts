import { DeliveryCancelledError } from '../../errors/engine.js'
import { RelayRequestError } from '../../errors/relay.js'
import { createPayloadId } from '../../wire/createPayloadId.js'
import type { AccountSnapshot } from '../accountSnapshot.js'
import { addLocalWrites, type LocalWrites } from '../changes/localWrites.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { createAccountSaving } from '../persistence/createAccountSaving.js'
import { createPublisher } from '../relay/createPublisher.js'
import {
  type AccountEvent,
  type AccountState,
  fold,
  idOf,
  initialAccountState,
  reduceAccount,
} from './accountReducer.js'
import type { AccountSync, AccountSyncContext, AccountSyncInit } from './accountSync.js'
import { createCatchUp } from './createCatchUp.js'
import { createChangeNotifier } from './createChangeNotifier.js'
import { createIncoming } from './createIncoming.js'
import { createKeepAlive } from './createKeepAlive.js'
import { createOutbox } from './createOutbox.js'
import { createTabSync } from './createTabSync.js'
import { createUnsyncedKeys } from './createUnsyncedKeys.js'
import { inspectAccount } from './inspection.js'
import { nextSnapshot } from './nextSnapshot.js'

/**
 * One registered account: runs `reduceAccount` on what happens (local writes, relay messages, other
 * tabs, deliveries) and carries out its effects with the parts that talk to the world: the outbox
 * (publishing), the saving (storage), the tab channel, the catch-up and the incoming path (relay).
 */
export function createAccountSync(
  account: string,
  init: AccountSyncInit,
  context: AccountSyncContext,
): AccountSync {
  const { topics, keys, stores, outbox: initialOutbox, restored = false } = init
  const { core, logger, emit } = context
  const topicList = Object.values(topics)
  let state: AccountState = initialAccountState({ stores })
  let snapshot: AccountSnapshot | undefined
  const unsynced = createUnsyncedKeys(initialOutbox)
  let stopped = false
  const isStopped = () => stopped
  /** Which entries hold a change written on this device (devtools show it; it outlives a reload). */
  const localWrites: LocalWrites = new Map(init.local)
  const saving = createAccountSaving({
    account,
    init,
    context,
    stores: () => {
      state = fold(state)
      return state.stores
    },
    outbox: () => outbox.items(),
    copies: () => keepAlive.serialize(),
    local: () => localWrites,
  })

  const outbox = createOutbox({
    initial: initialOutbox,
    onDelivered: (items) => {
      dispatch({ type: 'delivered', items })
      keepAlive.delivered(items)
      const settled = unsynced.delivered(items)
      if (settled.length > 0 && !stopped) emit('change', { account, stores: settled, source: 'delivered' })
    },
    onFailure: (cause) =>
      context.emitError(account, new RelayRequestError({ operation: 'publish', account, cause })),
    send: createPublisher({ core, topics, keys, ttlSeconds: context.retention.ttlSeconds }),
  })

  const keepAlive = createKeepAlive({
    retention: context.retention,
    persisted: init.copies,
    stores: () => {
      state = fold(state)
      return state.stores
    },
    idOf: (store, key) => idOf(state, store, key),
    // Not persisted: after a restart, what is due is found again.
    publish: (items) => {
      for (const item of items) void outbox.push(item)
    },
    onChanged: saving.snapshotSoon,
  })

  const tabs = createTabSync({
    channel: context.openTabChannel(account),
    onChanges: (updates, written) => {
      if (!stopped) dispatch({ type: 'tab', updates, written })
    },
    onUnregistered: () => {
      if (!stopped) context.onUnregisteredElsewhere(account)
    },
  })

  const incoming = createIncoming({
    account,
    core,
    logger,
    topics,
    keys,
    onUpdates: (updates, caughtUp, seen) => {
      if (stopped) return
      dispatch({ type: 'remote', updates, caughtUp })
      keepAlive.observe(seen)
    },
    onRejected: (error) => context.emitError(account, error),
    onFailure: saving.reportError,
    isStopped,
  })

  const catchUp = createCatchUp({
    account,
    fetch: incoming.fetchAndApply,
    async subscribe() {
      const started = Date.now()
      await context.subscribe(topicList)
      logger?.debug?.('Subscribed the store topics.', { account, ms: Date.now() - started })
    },
    onError: (error) => context.emitError(account, error),
    mayRetry: () => !core.relayer.transportExplicitlyClosed,
    rebuild: incoming.rebuild,
    rebuildFirst: init.rebuild,
  })

  const changes = createChangeNotifier({ account, emit, isStopped })

  /** Runs the reducer and its effects; returns the write it published here, if any, with its delivery. */
  function dispatch(event: AccountEvent): { item: OutboxItem; delivered: Promise<void> } | undefined {
    const transition = reduceAccount(state, event)
    state = transition.state
    let written: { item: OutboxItem; delivered: Promise<void> } | undefined
    for (const effect of transition.effects) {
      switch (effect.type) {
        case 'changed':
          changes.changed(effect.stores, effect.source)
          break
        case 'ready':
          // Refreshing before catching up could publish again what another device deleted meanwhile.
          keepAlive.start()
          emit('ready', { account })
          break
        case 'persist':
          saving.add(effect.delta)
          context.onChanged(account)
          break
        case 'publish':
          // Written on this device: here, or in another tab of it.
          addLocalWrites(localWrites, [effect.item])
          unsynced.add(effect.item)
          if (effect.origin === 'local') {
            written = { item: effect.item, delivered: outbox.push(effect.item) }
            tabs.written(effect.item)
          } else void outbox.push(effect.item)
          break
        case 'applied':
          tabs.applied(effect.updates)
          break
      }
    }
    return written
  }

  return {
    account,
    topics,
    getSnapshot() {
      state = fold(state)
      const { status, stores } = state
      const connection = context.connection.status
      snapshot = nextSnapshot(snapshot, { status, stores, unsynced: unsynced.get(), restored, connection })
      return snapshot
    },
    write(storeId, change) {
      const { item, delivered } = dispatch({
        type: 'write',
        store: storeId,
        change,
        clock: createPayloadId(),
      })!
      return { key: change.key, id: item.id, delivered, saved: saving.saved() }
    },
    receive: incoming.receive,
    requestSync: catchUp.request,
    firstSync: catchUp.firstAttempt,
    onConnect(isReconnect) {
      if (stopped) return
      outbox.kick()
      catchUp.connected(isReconnect)
    },
    onDisconnect: catchUp.disconnected,
    persistNow: saving.saveNow,
    get position() {
      return saving.position
    },
    getRecord: saving.record,
    inspect() {
      state = fold(state)
      return inspectAccount({
        account,
        core,
        connection: context.connection,
        state,
        catchUp,
        incoming,
        outbox,
        persister: saving,
        position: saving.position,
        keepAlive,
        retention: context.retention,
        localIds: localWrites,
      })
    },
    prepareToGo() {
      incoming.flushNow()
      return {
        record: saving.pending ? saving.record(false) : undefined,
        cleanToken: catchUp.status === 'idle' ? init.marker.token : undefined,
      }
    },
    get unsaved() {
      return saving.pending
    },
    async stop(forget) {
      if (stopped) return
      // What the relay handed over is applied before the last write; a catch-up in progress may have been
      // handed a page it did not apply yet, so the stop is clean only without one.
      if (!forget) incoming.flushNow()
      const caughtUp = catchUp.status === 'idle'
      stopped = true
      catchUp.stop()
      keepAlive.stop()
      tabs.close()
      outbox.cancel(() => new DeliveryCancelledError({ reason: forget ? 'unregistered' : 'destroyed' }))
      // Nothing is written after the last write; then the stop is marked clean.
      await saving.stop(forget, caughtUp)
    },
  }
}
