import { StorageError } from '../../errors/engine.js'
import type { Engine } from '../engine.js'
import { findOtherSpellings } from '../findOtherSpellings.js'
import { keysFromKeychain } from '../keysFromKeychain.js'
import { loadOnFirstUse } from '../loadOnFirstUse.js'
import type { LoadedAccount } from '../persistence/loadAccount.js'
import { sameTopics } from '../persistence/loadAccount.js'

/** `account` is canonical (see `normalizeAccount`). */
export type RestoreParameters = { account: string }

/**
 * Makes a persisted registration live without a new signature: the stored state shows at once, then it
 * catches up. `false` when none is stored (the relay connection then opens, so a `register()` that
 * follows does not wait for it).
 *
 * The stored state shows as soon as storage was read: when the core is not started yet (`coreReady`), or
 * its keys must be derived from the stored signature, `restore()` resolves then, and the account goes
 * live once the keys are there (writes wait for that). Should the keys turn out to be gone (the core's
 * keychain lost, and no signature kept), the shown state goes away with a `StorageError` event, and the
 * account needs a new signature.
 *
 * Only a record of the canonical account is restored. A record stored under another spelling by an older
 * version holds the keys of that spelling's message, which are other store topics, and the canonical
 * keys cannot be derived from its signature: without a canonical record, `false`, so the app asks for a
 * signature, and `register()` carries that record's state over. With one, it is carried over here.
 */
export function restore(engine: Engine, { account }: RestoreParameters): Promise<boolean> {
  engine.assertAlive()
  const { startup } = engine
  return new Promise<boolean>((resolve, reject) => {
    let answered = false
    const answer = (restored: boolean) => {
      answered = true
      resolve(restored)
    }
    const run = engine.exclusive(account, async () => {
      engine.assertAlive()
      if (engine.accounts.has(account)) return answer(true)
      const persisted = await engine.load(account)
      if (!persisted) {
        // The app asks for a signature next: the relay connection opens meanwhile, so the catch-up after
        // register() does not wait for it.
        void startup.coreReady.then(() => engine.preconnect())
        loadOnFirstUse().catch(() => {}) // likewise the derivation code, loaded on first use
        return answer(false)
      }
      // Read while the keys are found.
      const others = findOtherSpellings(engine, account)
      others.catch(() => {})
      if (startup.isCoreReady) {
        const keys = await keysOf(engine, persisted)
        return answer(keys ? await activate(engine, account, persisted, keys, others) : false)
      }
      // Show what storage holds while the core starts and the keys are found; writes wait for the account.
      startup.preview(account, persisted, engine.connection.status)
      answer(true)
      const live = startup.coreReady.then(async () => {
        const keys = await keysOf(engine, persisted)
        if (keys) return activate(engine, account, persisted, keys, others)
        throw new StorageError({ operation: 'load', account, cause: new Error('The store keys are gone.') })
      })
      startup.activating.set(
        account,
        live.then(
          () => undefined,
          () => undefined,
        ),
      )
      try {
        await live
      } finally {
        startup.activating.delete(account)
      }
    })
    run.catch((error: StorageError) => {
      if (startup.previews.delete(account)) engine.emitAllChanged(account)
      if (answered) engine.emitError(account, error)
      else reject(error)
    })
  })
}

/** The store keys of the record: the core's keychain, or derived from the signature it kept. */
async function keysOf(engine: Engine, persisted: LoadedAccount) {
  return keysFromKeychain(engine.core, persisted.topics) ?? (await keysFromSignature(engine, persisted))
}

/** The store keys from the signature the record kept (`undefined` without one, or for other topics). */
async function keysFromSignature(engine: Engine, persisted: LoadedAccount) {
  if (!persisted.signature) return undefined
  const { installKeys } = await loadOnFirstUse()
  const installed = await installKeys(engine.core, persisted.signature, engine.logger, engine.primitives)
  await installed.stored
  return sameTopics(installed.topics, persisted.topics) ? installed.keys : undefined
}

/** Makes the stored account live with its keys; `false` when they are not the record's. */
async function activate(
  engine: Engine,
  account: string,
  persisted: LoadedAccount,
  keys: NonNullable<ReturnType<typeof keysFromKeychain>>,
  others: ReturnType<typeof findOtherSpellings>,
): Promise<true> {
  const other = await others
  const { marker, rebuild } = await engine.beginReading(account, true)
  const sync = engine.activate(account, {
    ...persisted,
    ...other.carry(persisted),
    keys,
    marker,
    rebuild,
    snapshotFirst: persisted.merged || other.found,
    restored: true,
  })
  void engine.startup.recent.set(account)
  // Storage catches up with what the page saved as it unloaded (then that copy goes), and with what
  // was carried from other spellings (then their records go).
  if (other.found) {
    const generation = persisted.position?.generation ?? 0
    void sync.persistNow().then(async () => {
      if (sync.position.generation > generation) await other.retire()
    })
  } else if (persisted.merged) void sync.persistNow()
  return true
}
