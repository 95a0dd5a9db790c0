import { isRecord } from '../../isRecord.js'
import { applyUpdates } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { type OutboxItem, type OutboxItemIdentity, outboxItemKey } from '../outboxItem.js'
import { toStoreUpdate } from '../relay/decodeStoreMessage.js'
import {
  decodePersistedAccount,
  type PersistedAccount,
  type RestoredAccount,
  restoreIdentities,
  restoreOutbox,
} from './persistedAccount.js'

/*
 * An account on storage, crash-safe on storages whose single writes are not (the WalletConnect core's
 * Node storage removes a key's file and then writes it again: a kill in between leaves nothing):
 * - two snapshot slots, the account's key (`base`) and its `account-b` sibling. A snapshot goes to the slot that does
 *   not hold the newest one, with a higher `generation`: a kill while writing it leaves the other.
 * - a journal of what changed since the newest snapshot (`…//journal:<account>:<seq>`, seq from the snapshot's
 *   `journalFrom` up), one small entry per write: saving costs what changed, not the whole state. Entries
 *   are written one after the other, so reading stops at the first missing or unreadable one.
 * A new snapshot replaces the journal (compaction); the entries it covers are removed after it is written.
 */

export type StoragePosition = {
  /** Slot holding the newest snapshot (0: the account's key, 1: its sibling), and its generation. */
  slot: 0 | 1
  generation: number
  /** First journal entry after that snapshot, and the next one to write. */
  journalFrom: number
  nextSeq: number
  /** Changes in the journal entries a load replayed (a writer counts on from there). */
  journaled?: number | undefined
}

export type StoredAccount = RestoredAccount & { position: StoragePosition }

/** What one journal entry records: applied changes and outbox changes, in the outbox-item form. */
export type JournalEntry = {
  v: 1
  /** Changes applied (from here, the relay or another tab). */
  changes: OutboxItem[]
  /** Writes added to the outbox (changes made here: applied too), and writes the relay accepted. */
  added: OutboxItem[]
  /** Identities only: which writes left the outbox. */
  delivered: OutboxItemIdentity[]
}

/**
 * A key beside the account's own (`…//account:<account>` → `…//<kind>:<account>`), never below it: the
 * core's Node storage keeps a file per key and makes `:` and `/` into directories.
 */
export const siblingKey = (base: string, kind: string) => base.replace('//account:', `//${kind}:`)
export const slotKey = (base: string, slot: 0 | 1) => (slot === 0 ? base : siblingKey(base, 'account-b'))
export const journalKey = (base: string, seq: number) => `${siblingKey(base, 'journal')}:${seq}`

type Migrate = ((record: unknown, version: number) => PersistedAccount | undefined) | undefined

const natural = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0

async function readSnapshot(storage: ChatSyncStorage, key: string, account: string, migrate: Migrate) {
  let raw: unknown
  try {
    raw = await storage.getItem(key)
  } catch {
    return undefined
  }
  const restored =
    raw === undefined || raw === null ? undefined : decodePersistedAccount(raw, account, migrate)
  if (!restored || !isRecord(raw)) return undefined
  return { restored, generation: natural(raw.generation), journalFrom: natural(raw.journalFrom) }
}

/** A journal entry as read back: `undefined` when missing or unreadable (a write cut short). */
function readEntry(raw: unknown): JournalEntry | undefined {
  if (!isRecord(raw) || raw.v !== 1 || !Array.isArray(raw.changes)) return undefined
  return {
    v: 1,
    changes: restoreOutbox(raw.changes),
    added: restoreOutbox(raw.added),
    delivered: restoreIdentities(raw.delivered),
  }
}

/** `stores` and `outbox` with one journal entry replayed (by the same last-writer-wins rule). */
export function replayEntry(
  { stores, outbox }: { stores: ChatSyncStores; outbox: OutboxItem[] },
  entry: JournalEntry,
): { stores: ChatSyncStores; outbox: OutboxItem[] } {
  const updates = byStore(() => [] as ReturnType<typeof toUpdates>)
  // A write added to the outbox is a change made here: applied too.
  for (const item of [...entry.changes, ...entry.added]) updates[item.store].push(...toUpdates(item))
  const next = byStore((store: ChatStoreId) => applyUpdates(stores[store], updates[store])) as ChatSyncStores
  const known = new Set(outbox.map(outboxItemKey))
  const done = new Set(entry.delivered.map(outboxItemKey))
  const added = entry.added.filter((item) => !known.has(outboxItemKey(item)))
  return { stores: next, outbox: [...outbox, ...added].filter((item) => !done.has(outboxItemKey(item))) }
}

function toUpdates(item: OutboxItem) {
  const update = toStoreUpdate(item.store, item)
  return update.ok ? [update.value] : []
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
  const [first, second] = await Promise.all([
    readSnapshot(storage, slotKey(base, 0), account, migrate),
    readSnapshot(storage, slotKey(base, 1), account, migrate),
  ])
  const newest = !second || (first && first.generation >= second.generation) ? first : second
  if (!newest) return undefined
  const slot = newest === first ? 0 : 1
  let state = { stores: newest.restored.stores, outbox: newest.restored.outbox }
  let seq = newest.journalFrom
  let journaled = 0
  for (; ; seq++) {
    let raw: unknown
    try {
      raw = await storage.getItem(journalKey(base, seq))
    } catch {
      break
    }
    const entry = readEntry(raw)
    if (!entry) break
    state = replayEntry(state, entry)
    journaled += entry.changes.length + entry.added.length + entry.delivered.length
  }
  return {
    ...newest.restored,
    ...state,
    position: {
      slot,
      generation: newest.generation,
      journalFrom: newest.journalFrom,
      nextSeq: seq,
      journaled,
    },
  }
}

/** Removes everything stored for the account at `position` (both slots and the journal). */
export async function removeStoredAccount(
  storage: ChatSyncStorage,
  base: string,
  position?: StoragePosition,
) {
  const keys = [slotKey(base, 0), slotKey(base, 1)]
  if (position) {
    for (let seq = position.journalFrom; seq < position.nextSeq; seq++) keys.push(journalKey(base, seq))
  }
  for (const key of keys) await storage.removeItem(key)
}
