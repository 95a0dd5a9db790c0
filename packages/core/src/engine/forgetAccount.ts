import { StorageError } from '../errors/engine.js'
import { RelayRequestError } from '../errors/relay.js'
import type { Engine } from './engine.js'
import { removeStoredAccount } from './persistence/removeStoredAccount.js'

/**
 * Forgets `account` on this device: stops it, unsubscribes its topics, deletes its keys and its stored
 * state. Unless another tab did so first (`elsewhere`), the other tabs are told to do the same: they
 * would otherwise keep it live and store it again.
 * @throws {StorageError} when the stored state cannot be removed.
 */
export async function forgetAccount(engine: Engine, account: string, elsewhere: boolean): Promise<void> {
  const { core, subscriptions } = engine
  const live = engine.accounts.get(account)
  let topics = live?.topics
  let position = live?.position
  if (live) {
    await engine.deactivate(live, true)
    engine.emitAllChanged(account)
  } else {
    const persisted = await engine.load(account).catch(() => undefined)
    if (!elsewhere) topics = persisted?.topics
    position = persisted?.position
  }
  if (topics) {
    const list = Object.values(topics)
    // Not awaited: the relay may be unreachable, and nothing is routed to the account any more.
    subscriptions.unsubscribe(list).catch((cause) => {
      if (!engine.destroyed)
        engine.emitError(account, new RelayRequestError({ operation: 'unsubscribe', account, cause }))
    })
    for (const topic of list) {
      if (core.crypto.hasKeys(topic)) await core.crypto.deleteSymKey(topic)
    }
  }
  engine.unloadCopies?.remove(account)
  await engine.startup.recent.clear(account)
  // Also after another tab: a write of this one may have been in flight when that tab removed it.
  try {
    await removeStoredAccount(engine.storage, engine.storageKey(account), position)
  } catch (cause) {
    throw new StorageError({ operation: 'remove', account, cause })
  }
  if (elsewhere) return
  const channel = engine.openTabChannel(account)
  channel?.post({ v: 1, applied: [], written: [], unregistered: true })
  channel?.close()
}
