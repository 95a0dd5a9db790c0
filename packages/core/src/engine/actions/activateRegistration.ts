import { StorageError } from '../../errors/engine.js'
import { emptyStores } from '../accountSnapshot.js'
import type { Engine } from '../engine.js'
import { findOtherSpellings } from '../findOtherSpellings.js'
import { installKeys } from '../installKeys.js'
import { sameTopics } from '../persistence/loadAccount.js'
import type { RegisterParameters } from './register.js'

/**
 * `register()` once its signature is verified, in the account's turn (`engine.exclusive`): derives the
 * store keys, catches up with the relay's history and subscribes. A registration persisted for the same
 * stores (a reload) keeps its state and outbox; records of other spellings of the account are carried
 * over (see `findOtherSpellings`). Loaded on first use (`loadOnFirstUse`).
 */
export async function activateRegistration(
  engine: Engine,
  { account, signature }: RegisterParameters,
): Promise<void> {
  // A core made before it started (`coreReady`): keys go to its keychain, reads to its relay.
  await engine.startup.coreReady
  engine.preconnect()
  const loading = engine.load(account).catch((error: StorageError) => engine.emitError(account, error))
  const others = loading.then(() => findOtherSpellings(engine, account))
  others.catch(() => {})
  // Marked before the keychain writes queue up behind it, and before anything is read from the relay.
  const reading = loading.then((persisted) => engine.beginReading(account, !!persisted))
  reading.catch(() => {})
  const { topics, keys, stored } = await installKeys(engine.core, signature, engine.logger, engine.primitives)
  const live = engine.accounts.get(account)
  if (live && sameTopics(live.topics, topics)) {
    await Promise.all([Promise.race([live.firstSync, engine.connection.whenConnectionFailed()]), stored])
    return
  }
  if (live) await engine.deactivate(live, true)
  const persisted = await loading
  const kept = persisted && sameTopics(persisted.topics, topics) ? persisted : undefined
  const other = await others
  const position = kept?.position ?? (persisted ? undefined : other.position)
  const { stores, outbox } = other.carry({
    stores: kept?.stores ?? emptyStores(),
    outbox: kept?.outbox ?? [],
  })
  const { marker, rebuild } = await reading.catch((cause) => {
    throw new StorageError({ operation: 'save', account, cause })
  })
  const snapshotFirst = !!kept?.merged || other.found
  const local = kept?.local
  const init = { signature, topics, keys, stores, outbox, local, marker, rebuild, position, snapshotFirst }
  const restored = kept !== undefined || other.found
  const sync = engine.activate(account, { ...init, restored })
  void engine.startup.recent.set(account)
  await stored.catch((cause) =>
    engine.emitError(account, new StorageError({ operation: 'save', account, cause })),
  )
  if (!other.found) {
    void sync.persistNow()
    // A refused or closed connection: nothing to wait for (the first attempt would wait for its timeout).
    // The account is live, and catches up once the relay answers.
    await Promise.race([sync.firstSync, engine.connection.whenConnectionFailed()])
    return
  }
  // The records of other spellings go once storage holds what was carried: once a snapshot is written
  // (the first write is one), whenever it was.
  const generation = position?.generation ?? 0
  const carried = sync.persistNow().then(async () => {
    if (sync.position.generation > generation) await other.retire()
  })
  await Promise.all([Promise.race([sync.firstSync, engine.connection.whenConnectionFailed()]), carried])
}
