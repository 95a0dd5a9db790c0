import type { Engine } from '../engine.js'
import { findOtherSpellings } from '../findOtherSpellings.js'
import { loadOnFirstUse } from '../loadOnFirstUse.js'

/** `account` is canonical (see `normalizeAccount`). */
export type UnregisterParameters = { account: string }

/**
 * Unsubscribes, forgets the keys, the local state and the outbox of `account` (in every tab), and the
 * records an older version stored under other spellings of it. Its code loads on first use
 * (`loadOnFirstUse`).
 */
export async function unregister(engine: Engine, { account }: UnregisterParameters): Promise<void> {
  engine.assertAlive()
  await engine.exclusive(account, async () => {
    const { forgetAccount } = await loadOnFirstUse()
    await forgetAccount(engine, account, false)
    await (await findOtherSpellings(engine, account)).retire()
  })
}
