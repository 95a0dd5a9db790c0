import type { ChatSyncStorage } from '../chatSyncCore.js'
import { removeJournal, type StoragePosition } from './accountStorage.js'
import { readItem, removeSlot } from './snapshotSlots.js'
import { journalKey } from './storageKeys.js'

/** Removes everything stored for the account at `position` (both slots, their pieces and the journal). */
export async function removeStoredAccount(
  storage: ChatSyncStorage,
  base: string,
  position?: StoragePosition,
) {
  if (position) {
    let from = position.leftovers?.journalFrom ?? position.journalFrom
    while (from > 0 && (await readItem(storage, journalKey(base, from - 1))) !== undefined) from--
    await removeJournal(storage, base, from, position.nextSeq)
  }
  for (const slot of [0, 1] as const) {
    await removeSlot(storage, base, slot, position?.slot === slot ? (position.chunks ?? 0) : 0)
  }
}
