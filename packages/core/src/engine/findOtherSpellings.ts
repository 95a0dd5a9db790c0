import type { ChatSyncStores } from './accountSnapshot.js'
import { carryOtherSpellings } from './carryOtherSpellings.js'
import type { OutboxItem } from './changes/outboxItem.js'
import type { Engine } from './engine.js'
import { findOtherSpellingRecords } from './findOtherSpellingRecords.js'
import type { StoragePosition } from './persistence/accountStorage.js'

/*
 * Records of an account stored under another spelling of it (`eip155:1:0xabc…` where the canonical form
 * is `eip155:1:0xAbC…`), by a version that kept accounts as given. Such a record's signature and keys
 * are of the message naming that spelling: other store topics. Its state is carried into the canonical
 * account once the canonical account has its own keys (a `register`, or a `restore` of a canonical
 * record): merged by last writer wins, and every change the canonical topics may lack is published
 * there with its original id (its outbox too), so the other devices get it and last writer wins is
 * unaffected. The record is removed only once the canonical account's storage holds what was carried.
 *
 * On a storage whose keys ignore case (the core's file storage on macOS or Windows), the two spellings'
 * keys are one: the record found is then the canonical account's own files. The canonical account takes
 * its place on storage (`position`), and only a snapshot slot that still holds the other spelling's
 * record is removed; its journal and reader marker are the canonical account's too.
 */

type Held = { stores: ChatSyncStores; outbox: readonly OutboxItem[] }

export type OtherSpellings = {
  /** Whether a record of another spelling was found. */
  readonly found: boolean
  /** Where the record found is, when its storage keys are the canonical account's (see above). */
  readonly position: StoragePosition | undefined
  /** `held` with what the records found know beyond it; their changes the topics may lack are queued. */
  carry(held: Held): { stores: ChatSyncStores; outbox: OutboxItem[] }
  /** Removes the records found and their keys. Call once what they held is saved (or forgotten). */
  retire(): Promise<void>
}

/** No record of another spelling: nothing to carry over, nothing to remove. */
const NONE: OtherSpellings = {
  found: false,
  position: undefined,
  carry: (held) => ({ stores: held.stores, outbox: [...held.outbox] }),
  retire: async () => {},
}

/**
 * The records stored under other spellings of the canonical `account` (see above). One that cannot be
 * read is reported and left where it is. Needs no code loaded on first use: a `restore()` offline carries
 * them over too.
 */
export async function findOtherSpellings(engine: Engine, account: string): Promise<OtherSpellings> {
  const found = await findOtherSpellingRecords(engine, account)
  if (found.length === 0) return NONE
  return carryOtherSpellings(engine, account, found)
}
