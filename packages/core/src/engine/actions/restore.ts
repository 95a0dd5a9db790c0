import type { Engine } from '../engine.js'
import { installKeys, keysFromKeychain, loadDerivation } from '../installKeys.js'
import { findOtherSpellings } from '../persistence/findOtherSpellings.js'
import { sameTopics } from '../persistence/loadAccount.js'

/** `account` is canonical (see `normalizeAccount`). */
export type RestoreParameters = { account: string }

/**
 * Makes a persisted registration live without a new signature: the stored state shows at once, then it
 * catches up. `false` when none is stored (the relay connection then opens, so a `register()` that
 * follows does not wait for it).
 *
 * Only a record of the canonical account is restored. A record stored under another spelling by an older
 * version holds the keys of that spelling's message, which are other store topics, and the canonical
 * keys cannot be derived from its signature: without a canonical record, `false`, so the app asks for a
 * signature, and `register()` carries that record's state over. With one, it is carried over here.
 */
export async function restore(engine: Engine, { account }: RestoreParameters): Promise<boolean> {
  engine.assertAlive()
  return engine.exclusive(account, async () => {
    engine.assertAlive()
    if (engine.accounts.has(account)) return true
    const persisted = await engine.load(account)
    if (!persisted) {
      // The app asks for a signature next: the relay connection opens meanwhile, so the catch-up after
      // register() does not wait for it.
      engine.preconnect()
      loadDerivation().catch(() => {}) // likewise the derivation code, loaded on first use
      return false
    }
    // Read while the keys are found.
    const others = findOtherSpellings(engine, account)
    others.catch(() => {})
    let keys = keysFromKeychain(engine.core, persisted.topics)
    if (!keys && persisted.signature) {
      const installed = await installKeys(engine.core, persisted.signature, engine.logger)
      await installed.stored
      if (!sameTopics(installed.topics, persisted.topics)) return false
      keys = installed.keys
    }
    if (!keys) return false
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
    // Storage catches up with what the page saved as it unloaded (then that copy goes), and with what
    // was carried from other spellings (then their records go).
    if (other.found) {
      const generation = persisted.position?.generation ?? 0
      void sync.persistNow().then(async () => {
        if (sync.position.generation > generation) await other.retire()
      })
    } else if (persisted.merged) void sync.persistNow()
    return true
  })
}
