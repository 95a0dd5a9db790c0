import { parseAccount } from '../../keys/parseAccount.js'
import type { Engine } from '../engine.js'
import { installKeys, keysFromKeychain } from '../installKeys.js'
import { sameTopics } from '../persistence/loadAccount.js'

export type RestoreParameters = { account: string }

/**
 * Makes a persisted registration live without a new signature: the stored state shows at once, then it
 * catches up. `false` when none is stored (the relay connection then opens, so a `register()` that
 * follows does not wait for it).
 */
export async function restore(engine: Engine, { account }: RestoreParameters): Promise<boolean> {
  engine.assertAlive()
  parseAccount(account)
  return engine.exclusive(account, async () => {
    engine.assertAlive()
    if (engine.accounts.has(account)) return true
    const persisted = await engine.load(account)
    if (!persisted) {
      // The app asks for a signature next: the relay connection opens meanwhile, so the catch-up after
      // register() does not wait for it.
      engine.preconnect()
      return false
    }
    let keys = keysFromKeychain(engine.core, persisted.topics)
    if (!keys && persisted.signature) {
      const installed = await installKeys(engine.core, persisted.signature, engine.logger, engine.primitives)
      await installed.stored
      if (!sameTopics(installed.topics, persisted.topics)) return false
      keys = installed.keys
    }
    if (!keys) return false
    const { marker, rebuild } = await engine.beginReading(account, true)
    const sync = engine.activate(account, {
      ...persisted,
      keys,
      marker,
      rebuild,
      snapshotFirst: persisted.merged,
    })
    // Storage catches up with what the page saved as it unloaded; then that copy goes.
    if (persisted.merged) void sync.persistNow()
    return true
  })
}
