import type { Engine } from '../engine.js'
import { forgetAccount } from '../forgetAccount.js'

export type UnregisterParameters = { account: string }

/** Unsubscribes, forgets the keys, the local state and the outbox of `account` (in every tab). */
export async function unregister(engine: Engine, { account }: UnregisterParameters): Promise<void> {
  engine.assertAlive()
  await engine.exclusive(account, () => forgetAccount(engine, account, false))
}
