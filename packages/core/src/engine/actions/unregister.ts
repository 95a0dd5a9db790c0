import type { Engine } from '../engine.js'
import { findOtherSpellings } from '../findOtherSpellings.js'
import { forgetAccount } from '../forgetAccount.js'

/** `account` is canonical (see `normalizeAccount`). */
export type UnregisterParameters = { account: string }

/**
 * Unsubscribes, forgets the keys, the local state and the outbox of `account` (in every tab), and the
 * records an older version stored under other spellings of it. Needs no code loaded on first use (a
 * device logs out offline too), except to remove records of other spellings, which otherwise stay for a
 * later call.
 */
export async function unregister(engine: Engine, { account }: UnregisterParameters): Promise<void> {
  engine.assertAlive()
  await engine.exclusive(account, async () => {
    await forgetAccount(engine, account, false)
    await (await findOtherSpellings(engine, account)).retire()
  })
}
