import { CHAT_STORE_IDS } from '../../stores/catalogue.js'
import { identityOf, type OutboxItem, type OutboxItemIdentity } from '../changes/outboxItem.js'
import type { PersistDelta } from '../changes/persistDelta.js'
import { toOutboxItem } from '../changes/toOutboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { type JournalEntry, removeJournal, type StoragePosition } from './accountStorage.js'
import type { PersistedAccount } from './persistedAccount.js'
import { randomId, recordBytes, removeChunks, writeSnapshot } from './snapshotSlots.js'
import { journalKey, slotKey } from './storageKeys.js'
import { jsonBytes, MAX_STORED_VALUE_BYTES } from './storedSize.js'

/**
 * The changes the journal may hold beyond the last snapshot: this many, or twice the account's entries
 * (as of that snapshot, or of the load) if more. Past it, the next write is a snapshot. So a burst into a big account stays a series of
 * journal entries (each as big as the burst, not the account), and a load reads at most about three
 * times the account.
 */
const MIN_JOURNAL_CHANGES = 200
/** After this many journal entries, the next write is a snapshot (which also bounds a load's reads). */
const MAX_JOURNAL_ENTRIES = 100
/**
 * The journal's bytes are bounded too (changes of a small account may be large): this many, or three times
 * the last snapshot's if more (a change in the journal takes a little more than its entry in a snapshot).
 */
const MIN_JOURNAL_BYTES = 64 * 1024
/**
 * When the account is settled (`settle()`), storage may hold at most this many times what a snapshot of
 * the state would take; past it, a snapshot replaces the journal (and an outbox written into the last
 * snapshot during a burst).
 */
const SETTLED_RATIO = 1.5

export type AccountWriter = {
  /** Adds what changed to the next write. */
  add(delta: PersistDelta): void
  /** Writes what was added since the last write: a journal entry, or a snapshot when the journal is long or one is due. */
  write(): Promise<void>
  /** The next write is a snapshot (the state came from elsewhere than this writer's deltas). */
  snapshotNext(): void
  /** The next write also settles: removes leftovers, and compacts when storage holds much more than the state. */
  settleNext(): void
  /** Whether settling may reclaim something (a journal, an outbox in the snapshot, leftovers), not looked at since the last change. */
  readonly untidy: boolean
  /** Where the account is on storage now. */
  readonly position: StoragePosition
}

type Pending = {
  changes: OutboxItem[]
  added: OutboxItem[]
  delivered: OutboxItemIdentity[]
  full: boolean
}
const nothing = (): Pending => ({ changes: [], added: [], delivered: [], full: false })
const changeCount = (delta: Pending) => delta.changes.length + delta.added.length + delta.delivered.length

/** Writes one account to storage, crash-safe and with every value under `maxBytes` (see `accountStorage.ts`). */
export function createAccountWriter({
  storage,
  base,
  position,
  record,
  entryCount,
  maxBytes = MAX_STORED_VALUE_BYTES,
}: {
  storage: ChatSyncStorage
  /** The account's storage key. */
  base: string
  /** Where a loaded account is; a new one starts with a snapshot in slot 0. */
  position: StoragePosition | undefined
  /** The account's whole record, for a snapshot. */
  record(): PersistedAccount
  /** How many entries (keys and tombstones, all stores) the account holds now. */
  entryCount(): number
  /** The most bytes one stored value may take (default 512 KiB). */
  maxBytes?: number | undefined
}): AccountWriter {
  let at: StoragePosition = position ?? { slot: 1, generation: 0, journalFrom: 0, nextSeq: 0 }
  let snapshotDue = !position
  let settleDue = false
  /** Settled since the last change written (nothing to look at until the next one). */
  let settled = false
  let pending = nothing()
  /** Changes the journal holds since the last snapshot, and the most it may hold. */
  let journaled = position?.journaled ?? 0
  const limitFor = (entries: number) => Math.max(MIN_JOURNAL_CHANGES, 2 * entries)
  let journalLimit = limitFor(position ? entryCount() : 0)
  let snapshotBytes = position?.snapshotBytes ?? 0
  let journalBytes = position?.journalBytes ?? 0
  /** Whether the last snapshot holds undelivered writes (gone from the state once delivered). */
  let outboxInSnapshot = !!position
  /**
   * What else may be on storage: the slot not holding the newest snapshot (its pieces, `exact` when that
   * is all of them), journal entries from `staleFrom` up to `journalFrom`.
   */
  let otherSlot: { chunks: number; exact: boolean } | undefined = position
    ? position.leftovers?.otherSlot && { chunks: position.leftovers.otherSlot.chunks, exact: false }
    : { chunks: 0, exact: false }
  let staleFrom = position?.leftovers?.journalFrom

  /** Removes what a snapshot superseded, or a cleanup cut short left; what fails stays for the next time. */
  async function tidy() {
    const slot = at.slot === 0 ? 1 : 0
    if (otherSlot) {
      const { chunks, exact } = otherSlot
      await removeChunks(storage, base, slot, { from: 0, known: chunks, exact })
        .then(() => storage.removeItem(slotKey(base, slot)))
        .then(() => {
          otherSlot = undefined
        })
        .catch(() => {})
    }
    if (staleFrom !== undefined) {
      await removeJournal(storage, base, staleFrom, at.journalFrom)
        .then(() => {
          staleFrom = undefined
        })
        .catch(() => {})
    }
  }

  async function snapshot(given?: PersistedAccount) {
    const previous = at
    const next = {
      slot: previous.slot === 0 ? 1 : 0,
      generation: previous.generation + 1,
      // A new account (or a record of an earlier version) starts a lineage.
      lineage: previous.lineage ?? randomId(),
      journalFrom: previous.nextSeq,
      nextSeq: previous.nextSeq,
    } as const
    const whole = given ?? record()
    // What is added from here on goes into the journal after this snapshot.
    journaled = 0
    journalLimit = limitFor(entryCount())
    const there = otherSlot ? (otherSlot.exact ? otherSlot.chunks : undefined) : 0
    // Until this write is done, the slot it goes to holds pieces nobody counted.
    otherSlot = { chunks: otherSlot?.chunks ?? 0, exact: false }
    const written = await writeSnapshot({
      storage,
      base,
      slot: next.slot,
      record: { ...whole, generation: next.generation, journalFrom: next.journalFrom, lineage: next.lineage },
      chunksThere: there,
      maxBytes,
    })
    at = { ...next, chunks: written.chunks }
    snapshotDue = false
    snapshotBytes = written.bytes
    journalBytes = 0
    outboxInSnapshot = whole.outbox !== '[]'
    // The slot and the journal entries this snapshot supersedes; left over after a kill, the next load
    // finds them. Awaited, so that nothing of this write is still running once it is done.
    otherSlot = { chunks: previous.chunks ?? 0, exact: previous.chunks !== undefined }
    staleFrom = Math.min(staleFrom ?? previous.journalFrom, previous.journalFrom)
    await tidy()
  }

  async function append(entry: JournalEntry, bytes: number, count: number) {
    await storage.setItem(journalKey(base, at.nextSeq), entry)
    at = { ...at, nextSeq: at.nextSeq + 1 }
    journaled += count
    journalBytes += bytes
  }

  /** Compacts when storage holds much more than a snapshot of the state would take. */
  async function settle() {
    settled = true
    if (journalBytes > 0 || outboxInSnapshot) {
      const whole = record()
      if (snapshotBytes + journalBytes > SETTLED_RATIO * recordBytes(whole)) return snapshot(whole)
    }
    await tidy()
  }

  return {
    add(delta) {
      settled = false
      if (pending.full) return
      const size = (list?: readonly unknown[]) => list?.length ?? 0
      let count = changeCount(pending)
      for (const store of CHAT_STORE_IDS) count += size(delta.applied?.[store])
      count += size(delta.added) + size(delta.delivered)
      if (delta.full || journaled + count > journalLimit) {
        pending = { ...nothing(), full: true }
        return
      }
      for (const store of CHAT_STORE_IDS) {
        for (const update of delta.applied?.[store] ?? []) pending.changes.push(toOutboxItem(store, update))
      }
      if (delta.added) pending.added.push(...delta.added)
      // Which writes left the outbox is all a load needs of them: their values stay out of the journal.
      for (const item of delta.delivered ?? []) pending.delivered.push(identityOf(item))
    },
    async write() {
      const delta = pending
      pending = nothing()
      const toSettle = settleDue
      settleDue = false
      const empty = !delta.full && changeCount(delta) === 0
      if (empty && !snapshotDue && !toSettle) return
      try {
        if (snapshotDue || delta.full || at.nextSeq - at.journalFrom >= MAX_JOURNAL_ENTRIES) await snapshot()
        else if (!empty) {
          const { changes, added, delivered } = delta
          const entry: JournalEntry = { v: 1, changes, added, delivered }
          if (at.lineage !== undefined) entry.lineage = at.lineage
          const bytes = jsonBytes(entry)
          // One value stays under `maxBytes`, and the journal under three times the snapshot.
          const room = Math.max(MIN_JOURNAL_BYTES, 3 * snapshotBytes) - journalBytes
          if (bytes > maxBytes || bytes > room) await snapshot()
          else await append(entry, bytes, changeCount(delta))
        }
        if (toSettle) await settle()
      } catch (error) {
        // What this write held is written with the whole state next time.
        snapshotDue = true
        throw error
      }
    },
    snapshotNext() {
      snapshotDue = true
    },
    settleNext() {
      settleDue = true
    },
    get untidy() {
      return !settled && (journalBytes > 0 || outboxInSnapshot || !!otherSlot || staleFrom !== undefined)
    },
    get position() {
      const leftovers = { otherSlot: otherSlot && { chunks: otherSlot.chunks }, journalFrom: staleFrom }
      return { ...at, snapshotBytes, journalBytes, leftovers }
    },
  }
}
