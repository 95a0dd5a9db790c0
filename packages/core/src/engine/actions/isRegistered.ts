import type { Engine } from '../engine.js'
import { keysFromKeychain } from '../keysFromKeychain.js'

/** `account` is canonical (see `normalizeAccount`). */
export type IsRegisteredParameters = { account: string }

/**
 * `true` when the account is live here, or a persisted registration `restore()` can use exists (a record
 * of another spelling only is not one: see `restore`).
 */
export async function isRegistered(engine: Engine, { account }: IsRegisteredParameters): Promise<boolean> {
  engine.assertAlive()
  if (engine.accounts.has(account)) return true
  const persisted = await engine.load(account)
  return !!persisted && (!!persisted.signature || !!keysFromKeychain(engine.core, persisted.topics))
}
