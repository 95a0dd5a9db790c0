import { CHAT_STORE_IDS } from '../../stores/catalogue.js'
import type { PersistDelta } from '../account/accountReducer.js'
import { toTabItem } from '../account/tabChannel.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import type { OutboxItem } from '../outboxItem.js'
import { type JournalEntry, journalKey, type StoragePosition, slotKey } from './accountStorage.js'
import type { PersistedAccount } from './persistedAccount.js'

/** A journal entry holds at most this many changes; a bigger delta is written as a snapshot. */
const MAX_ENTRY_CHANGES = 200
/** After this many journal entries, the next write is a snapshot (which also bounds a load's reads). */
const MAX_JOURNAL_ENTRIES = 100

export type AccountWriter = {
  /** Adds what changed to the next write. */
  add(delta: PersistDelta): void
  /** Writes what was added since the last write: a journal entry, or a snapshot when that is smaller or due. */
  write(): Promise<void>
  /** The next write is a snapshot (the state came from elsewhere than this writer's deltas). */
  snapshotNext(): void
  /** Where the account is on storage now. */
  readonly position: StoragePosition
}

type Pending = { changes: OutboxItem[]; added: OutboxItem[]; delivered: OutboxItem[]; full: boolean }
const nothing = (): Pending => ({ changes: [], added: [], delivered: [], full: false })

/** Writes one account to storage, crash-safe (see `accountStorage.ts`). */
export function createAccountWriter({
  storage,
  base,
  position,
  record,
}: {
  storage: ChatSyncStorage
  /** The account's storage key. */
  base: string
  /** Where a loaded account is; a new one starts with a snapshot in slot 0. */
  position: StoragePosition | undefined
  /** The account's whole record, for a snapshot. */
  record(): PersistedAccount
}): AccountWriter {
  let at: StoragePosition = position ?? { slot: 1, generation: 0, journalFrom: 0, nextSeq: 0 }
  let snapshotDue = !position
  let pending = nothing()

  async function snapshot() {
    const previous = at
    const next: StoragePosition = {
      slot: previous.slot === 0 ? 1 : 0,
      generation: previous.generation + 1,
      journalFrom: previous.nextSeq,
      nextSeq: previous.nextSeq,
    }
    await storage.setItem(slotKey(base, next.slot), {
      ...record(),
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
  }

  return {
    add(delta) {
      if (pending.full) return
      const size = (list?: readonly unknown[]) => list?.length ?? 0
      let count = pending.changes.length + pending.added.length + pending.delivered.length
      for (const store of CHAT_STORE_IDS) count += size(delta.applied?.[store])
      count += size(delta.added) + size(delta.delivered)
      if (delta.full || count > MAX_ENTRY_CHANGES) {
        pending = { ...nothing(), full: true }
        return
      }
      for (const store of CHAT_STORE_IDS) {
        for (const update of delta.applied?.[store] ?? []) pending.changes.push(toTabItem(store, update))
      }
      if (delta.added) pending.added.push(...delta.added)
      if (delta.delivered) pending.delivered.push(...delta.delivered)
    },
    async write() {
      const delta = pending
      pending = nothing()
      const empty = !delta.full && delta.changes.length + delta.added.length + delta.delivered.length === 0
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
