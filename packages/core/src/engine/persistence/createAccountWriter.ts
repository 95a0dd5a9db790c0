import { CHAT_STORE_IDS } from '../../stores/catalogue.js'
import type { PersistDelta } from '../account/accountReducer.js'
import { toTabItem } from '../account/tabChannel.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { identityOf, type OutboxItem, type OutboxItemIdentity } from '../outboxItem.js'
import { type JournalEntry, journalKey, type StoragePosition, slotKey } from './accountStorage.js'
import type { PersistedAccount } from './persistedAccount.js'

/**
 * The changes the journal may hold beyond the last snapshot: this many, or twice the account's entries
 * (as of that snapshot, or of the load) if more. Past it, the next write is a snapshot. So a burst into a big account stays a series of
 * journal entries (each as big as the burst, not the account), and a load reads at most about three
 * times the account.
 */
const MIN_JOURNAL_CHANGES = 200
/** After this many journal entries, the next write is a snapshot (which also bounds a load's reads). */
const MAX_JOURNAL_ENTRIES = 100

export type AccountWriter = {
  /** Adds what changed to the next write. */
  add(delta: PersistDelta): void
  /** Writes what was added since the last write: a journal entry, or a snapshot when the journal is long or one is due. */
  write(): Promise<void>
  /** The next write is a snapshot (the state came from elsewhere than this writer's deltas). */
  snapshotNext(): void
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

/** Writes one account to storage, crash-safe (see `accountStorage.ts`). */
export function createAccountWriter({
  storage,
  base,
  position,
  record,
  entryCount,
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
}): AccountWriter {
  let at: StoragePosition = position ?? { slot: 1, generation: 0, journalFrom: 0, nextSeq: 0 }
  let snapshotDue = !position
  let pending = nothing()
  /** Changes the journal holds since the last snapshot, and the most it may hold. */
  let journaled = position?.journaled ?? 0
  const limitFor = (entries: number) => Math.max(MIN_JOURNAL_CHANGES, 2 * entries)
  let journalLimit = limitFor(position ? entryCount() : 0)

  async function snapshot() {
    const previous = at
    const next: StoragePosition = {
      slot: previous.slot === 0 ? 1 : 0,
      generation: previous.generation + 1,
      journalFrom: previous.nextSeq,
      nextSeq: previous.nextSeq,
    }
    const whole = record()
    // What is added from here on goes into the journal after this snapshot.
    journaled = 0
    journalLimit = limitFor(entryCount())
    await storage.setItem(slotKey(base, next.slot), {
      ...whole,
      generation: next.generation,
      journalFrom: next.journalFrom,
    })
    at = next
    snapshotDue = false
    // The entries the snapshot covers; left over after a kill, they are below `journalFrom` and ignored.
    // Awaited, so that nothing of this write is still running once it is done.
    const removals: Promise<void>[] = []
    for (let seq = previous.journalFrom; seq < previous.nextSeq; seq++) {
      removals.push(storage.removeItem(journalKey(base, seq)).catch(() => {}))
    }
    await Promise.all(removals)
  }

  async function append(delta: Pending) {
    const entry: JournalEntry = {
      v: 1,
      changes: delta.changes,
      added: delta.added,
      delivered: delta.delivered,
    }
    await storage.setItem(journalKey(base, at.nextSeq), entry)
    at = { ...at, nextSeq: at.nextSeq + 1 }
    journaled += changeCount(delta)
  }

  return {
    add(delta) {
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
        for (const update of delta.applied?.[store] ?? []) pending.changes.push(toTabItem(store, update))
      }
      if (delta.added) pending.added.push(...delta.added)
      // Which writes left the outbox is all a load needs of them: their values stay out of the journal.
      for (const item of delta.delivered ?? []) pending.delivered.push(identityOf(item))
    },
    async write() {
      const delta = pending
      pending = nothing()
      const empty = !delta.full && changeCount(delta) === 0
      if (empty && !snapshotDue) return
      try {
        if (snapshotDue || delta.full || at.nextSeq - at.journalFrom >= MAX_JOURNAL_ENTRIES) await snapshot()
        else await append(delta)
      } catch (error) {
        // What this write held is written with the whole state next time.
        snapshotDue = true
        throw error
      }
    },
    snapshotNext() {
      snapshotDue = true
    },
    get position() {
      return at
    },
  }
}
