import type { StorageError } from '../errors/engine.js'
import type { Engine } from './engine.js'
import type { LoadedAccount } from './persistence/loadAccount.js'

/** A record stored under another spelling of an account (see `findOtherSpellings`). */
export type OtherSpellingRecord = { spelling: string; loaded: LoadedAccount }

/**
 * The records stored under other spellings of the canonical `account` (see `findOtherSpellings`). One
 * that cannot be read is reported and left where it is.
 */
export async function findOtherSpellingRecords(
  engine: Engine,
  account: string,
): Promise<OtherSpellingRecord[]> {
  const found: OtherSpellingRecord[] = []
  for (const spelling of engine.spellings.others(account)) {
    try {
      const loaded = await engine.load(spelling)
      if (loaded) found.push({ spelling, loaded })
    } catch (error) {
      engine.emitError(account, error as StorageError)
    }
  }
  return found
}
