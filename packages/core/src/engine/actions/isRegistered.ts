import type { Engine } from '../engine.js'
import { keysFromKeychain } from '../installKeys.js'

export type IsRegisteredParameters = { account: string }

/** `true` when the account is live here, or a persisted registration `restore()` can use exists. */
export async function isRegistered(engine: Engine, { account }: IsRegisteredParameters): Promise<boolean> {
  engine.assertAlive()
  if (engine.accounts.has(account)) return true
  const persisted = await engine.load(account)
  return !!persisted && (!!persisted.signature || !!keysFromKeychain(engine.core, persisted.topics))
}
