import { isRecord } from '../../isRecord.js'
import { applyUpdates } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import { addLocalWrites, type LocalWrites } from '../changes/localWrites.js'
import { type OutboxItem, type OutboxItemIdentity, outboxItemKey } from '../changes/outboxItem.js'
import { restoreIdentities, restoreOutbox } from '../changes/restoreOutbox.js'
import { toStoreUpdates } from '../changes/storeUpdates.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import type { PersistedAccount, RestoredAccount } from './persistedAccount.js'
import { readItem, readSlot, type SlotContent } from './snapshotSlots.js'
import { chunkKey, journalKey } from './storageKeys.js'
import { jsonBytes } from './storedSize.js'

/*
 * An account on storage, crash-safe on storages whose single writes are not (the WalletConnect core's
 * Node storage removes a key's file and then writes it again: a kill in between leaves nothing), and
 * with no stored value over 512 KB (Android's AsyncStorage rejects rows of about 2 MB):
 * - two snapshot slots, the account's key (`base`) and its `account-b` sibling. A snapshot goes to the slot that does
 *   not hold the newest one, with a higher `generation`: a kill while writing it leaves the other. A
 *   snapshot too large for one value is written in pieces before its slot's head (see `snapshotSlots.ts`).
 * - a journal of what changed since the newest snapshot (`…//journal:<account>:<seq>`, seq from the snapshot's
 *   `journalFrom` up), one small entry per write: saving costs what changed, not the whole state. Entries
 *   are written one after the other, so reading stops at the first missing or unreadable one, or at one
 *   of another lineage: entries an earlier life of the account left (its snapshots lost or removed
 *   without them) are never replayed onto a new one whose journal reaches their numbers.
 * Once a snapshot is written, the slot it supersedes and the journal entries it covers are removed (journal
 * entries from the oldest up, so that what a kill leaves is a run just below `journalFrom`, found again
 * at the next load). So storage holds one snapshot and a journal smaller than it (see
 * `createAccountWriter`), whatever the account's history.
 */

export type StoragePosition = {
  /** Slot holding the newest snapshot (0: the account's key, 1: its sibling), and its generation. */
  slot: 0 | 1
  generation: number
  /** The snapshot's lineage (see `SnapshotMeta`); `undefined` for a record of an earlier version. */
  lineage?: string | undefined
  /** First journal entry after that snapshot, and the next one to write. */
  journalFrom: number
  nextSeq: number
  /** Changes in the journal entries a load replayed (a writer counts on from there). */
  journaled?: number | undefined
  /** Bytes the newest snapshot (all its pieces) and the journal after it take on storage. */
  snapshotBytes?: number | undefined
  journalBytes?: number | undefined
  /** Pieces of the newest snapshot (0: it is its head). */
  chunks?: number | undefined
  /** What else a load found of the account, to remove: the other slot, journal entries below `journalFrom`. */
  leftovers?: { otherSlot?: { chunks: number } | undefined; journalFrom?: number | undefined } | undefined
}

export type StoredAccount = RestoredAccount & { position: StoragePosition }

/** What one journal entry records: applied changes and outbox changes, in the outbox-item form. */
export type JournalEntry = {
  v: 1
  /** Changes applied (from here, the relay or another tab). */
  changes: OutboxItem[]
  /** Writes added to the outbox: changes made on this device (applied too; see `LocalWrites`). */
  added: OutboxItem[]
  /** Identities only: which writes left the outbox. */
  delivered: OutboxItemIdentity[]
  /** The lineage of the snapshot it follows; absent when that snapshot has none. */
  lineage?: string
}

export { chunkKey, journalKey, siblingKey, slotKey } from './storageKeys.js'

type Migrate = ((record: unknown, version: number) => PersistedAccount | undefined) | undefined

/**
 * A journal entry as read back after a snapshot of `lineage`: `undefined` when missing, unreadable (a
 * write cut short) or of another lineage.
 */
function readEntry(raw: unknown, lineage: string | undefined): JournalEntry | undefined {
  if (!isRecord(raw) || raw.v !== 1 || !Array.isArray(raw.changes) || raw.lineage !== lineage)
    return undefined
  return {
    v: 1,
    changes: restoreOutbox(raw.changes),
    added: restoreOutbox(raw.added),
    delivered: restoreIdentities(raw.delivered),
  }
}

/**
 * `stores` and `outbox` with one journal entry replayed (by the same last-writer-wins rule); the writes it
 * added are recorded in `local` as written on this device.
 */
export function replayEntry(
  { stores, outbox }: { stores: ChatSyncStores; outbox: OutboxItem[] },
  entry: JournalEntry,
  local: LocalWrites,
): { stores: ChatSyncStores; outbox: OutboxItem[] } {
  // A write added to the outbox is a change made here: applied too.
  const updates = toStoreUpdates([...entry.changes, ...entry.added])
  const next = byStore((store: ChatStoreId) => applyUpdates(stores[store], updates[store])) as ChatSyncStores
  addLocalWrites(local, entry.added)
  const known = new Set(outbox.map(outboxItemKey))
  const done = new Set(entry.delivered.map(outboxItemKey))
  const added = entry.added.filter((item) => !known.has(outboxItemKey(item)))
  return { stores: next, outbox: [...outbox, ...added].filter((item) => !done.has(outboxItemKey(item))) }
}

/**
 * The account as storage holds it: the newest readable snapshot with its journal replayed, and where to
 * write next. `undefined` when there is no readable snapshot.
 * @throws when storage cannot be read at all.
 */
export async function loadStoredAccount({
  storage,
  base,
  account,
  migrate,
}: {
  storage: ChatSyncStorage
  base: string
  account: string
  migrate: Migrate
}): Promise<StoredAccount | undefined> {
  const slots = await Promise.all([
    readSlot(storage, base, 0, account, migrate),
    readSlot(storage, base, 1, account, migrate),
  ])
  const [first, second] = slots.map((content) => content.snapshot)
  const slot = !second || (first && first.generation >= second.generation) ? 0 : 1
  const newest = slot === 0 ? first : second
  if (!newest) return undefined
  let state = { stores: newest.restored.stores, outbox: newest.restored.outbox }
  const local: LocalWrites = new Map(newest.restored.local)
  let seq = newest.journalFrom
  let journaled = 0
  let journalBytes = 0
  for (; ; seq++) {
    const raw = await readItem(storage, journalKey(base, seq))
    const entry = readEntry(raw, newest.lineage)
    if (!entry) break
    state = replayEntry(state, entry, local)
    journaled += entry.changes.length + entry.added.length + entry.delivered.length
    journalBytes += jsonBytes(raw)
  }
  // Left over by a cleanup cut short: a run of entries just below `journalFrom`, and the other slot.
  let staleFrom = newest.journalFrom
  while (staleFrom > 0 && (await readItem(storage, journalKey(base, staleFrom - 1))) !== undefined)
    staleFrom--
  const otherSlot = slot === 0 ? 1 : 0
  const other = slots[otherSlot] as SlotContent
  const otherLeft = other.head || (await readItem(storage, chunkKey(base, otherSlot, 0))) !== undefined
  return {
    ...newest.restored,
    ...state,
    local,
    position: {
      slot,
      generation: newest.generation,
      lineage: newest.lineage,
      journalFrom: newest.journalFrom,
      nextSeq: seq,
      journaled,
      snapshotBytes: newest.bytes,
      journalBytes,
      chunks: slots[slot].chunks,
      leftovers: {
        otherSlot: otherLeft ? { chunks: other.chunks } : undefined,
        journalFrom: staleFrom < newest.journalFrom ? staleFrom : undefined,
      },
    },
  }
}

/** Removes journal entries `from` up to `to` (excluded), the oldest first. */
export async function removeJournal(storage: ChatSyncStorage, base: string, from: number, to: number) {
  for (let seq = from; seq < to; seq++) await storage.removeItem(journalKey(base, seq))
}
