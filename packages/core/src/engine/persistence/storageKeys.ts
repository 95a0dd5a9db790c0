/*
 * The storage keys of one account, all beside the account's own (`…//account:<account>` →
 * `…//<kind>:<account>…`), never below it: the core's Node storage keeps a file per key and makes `:` and
 * `/` into directories. See `accountStorage.ts` for what each holds.
 */

export const siblingKey = (base: string, kind: string) => base.replace('//account:', `//${kind}:`)

/** Snapshot slot 0 is the account's key, slot 1 its `account-b` sibling. */
export const slotKey = (base: string, slot: 0 | 1) => (slot === 0 ? base : siblingKey(base, 'account-b'))

/** Journal entry `seq`. */
export const journalKey = (base: string, seq: number) => `${siblingKey(base, 'journal')}:${seq}`

/** Piece `index` of the snapshot in `slot`, when it is too large for one value. */
export const chunkKey = (base: string, slot: 0 | 1, index: number) =>
  `${siblingKey(base, 'chunk')}:${slot}:${index}`
