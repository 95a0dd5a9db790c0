import { bytesToHex } from '@noble/hashes/utils.js'
import { isRecord } from '../../isRecord.js'
import { randomBytes } from '../../platform/randomBytes.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { decodePersistedAccount, type PersistedAccount, type RestoredAccount } from './persistedAccount.js'
import { chunkKey, slotKey } from './storageKeys.js'
import { jsonBytes, jsonStringBytes, MAX_STORED_VALUE_BYTES, splitText, utf8Bytes } from './storedSize.js'

/*
 * One snapshot slot: a head record under the slot's key, and, when the whole record would be larger than
 * one stored value may be, its texts (`stores`, `outbox`, `copies`, joined) in pieces under
 * `…//chunk:<account>:<slot>:<index>`.
 * - A record that fits is the head itself (the single-value format of earlier versions, still read).
 * - Otherwise the pieces are written first, in order, each tagged with a random id; then the head, which
 *   names the id, the count and the texts' lengths. A head is read only with all of its own pieces: a
 *   kill between pieces leaves no readable snapshot in this slot, and the other slot's (the newest) as
 *   it was.
 * - Pieces are written only into a slot that has none (what an earlier record left is removed first), and
 *   removed from the last one down, so the pieces of a slot are always a run from index 0: a run that
 *   nothing names any more is found again by looking at the next index.
 * The head of a chunked record has no `topics` at the top: an earlier version reads it as unusable
 * (and asks for a signature again) rather than as an empty account.
 */

/**
 * A snapshot's place: its `generation`, its journal's first entry, and the random id of its `lineage`
 * (the snapshots of one account from its first on this device; the journal entries after them carry it).
 * Records of earlier versions have no lineage.
 */
export type SnapshotMeta = { generation: number; journalFrom: number; lineage?: string | undefined }
export type SlotRecord = PersistedAccount & SnapshotMeta

type Migrate = ((record: unknown, version: number) => PersistedAccount | undefined) | undefined

/** What a slot holds: `head` when a head is there (readable or not). */
export type SlotContent = {
  head: boolean
  /** Pieces the head names (0 when it holds the record itself). */
  chunks: number
  /** The readable snapshot, with its size on storage. */
  snapshot?: (SnapshotMeta & { restored: RestoredAccount; bytes: number }) | undefined
}

/** Room for a piece's other fields (`{"v":1,"id":"…","index":…,"text":…}`). */
const CHUNK_OVERHEAD = 128

const natural = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0

/** Stored bytes of a record, its long texts measured without building its JSON text again. */
export function recordBytes(record: PersistedAccount & Partial<SnapshotMeta>): number {
  const { stores, outbox, copies } = record
  const texts =
    jsonStringBytes(stores) + jsonStringBytes(outbox) + (copies === undefined ? 0 : jsonStringBytes(copies))
  // The empty texts stand for the long ones: their quotes are counted in `texts`.
  const others = jsonBytes({
    ...record,
    stores: '',
    outbox: '',
    copies: copies === undefined ? undefined : '',
  })
  return others - (copies === undefined ? 4 : 6) + texts
}

/** 16 random hex digits. */
export const randomId = (): string => bytesToHex(randomBytes(8))

/** A stored value, `undefined` when missing or unreadable. */
export const readItem = (storage: ChatSyncStorage, key: string) =>
  storage.getItem(key).then(
    (value) => value ?? undefined,
    () => undefined,
  )

/**
 * Removes the pieces of `slot` from index `from` up: the `known` first ones (at least) are there, and
 * unless `exact`, more may follow (a snapshot cut short): they are looked for one by one.
 */
export async function removeChunks(
  storage: ChatSyncStorage,
  base: string,
  slot: 0 | 1,
  { from, known, exact }: { from: number; known: number; exact: boolean },
) {
  let end = Math.max(from, known)
  if (!exact) while ((await readItem(storage, chunkKey(base, slot, end))) !== undefined) end++
  for (let index = end - 1; index >= from; index--) await storage.removeItem(chunkKey(base, slot, index))
}

/** Removes what `slot` holds: its pieces (the `known` ones and any after), then its head. */
export async function removeSlot(storage: ChatSyncStorage, base: string, slot: 0 | 1, known: number) {
  await removeChunks(storage, base, slot, { from: 0, known, exact: false })
  await storage.removeItem(slotKey(base, slot))
}

/**
 * Writes `record` into `slot`: as its head when it fits in one value, else in pieces and then the head.
 * `chunksThere` is how many pieces the slot holds now, when known (else they are looked for).
 * Returns its size on storage and its pieces.
 */
export async function writeSnapshot({
  storage,
  base,
  slot,
  record,
  chunksThere,
  maxBytes = MAX_STORED_VALUE_BYTES,
}: {
  storage: ChatSyncStorage
  base: string
  slot: 0 | 1
  record: SlotRecord
  chunksThere: number | undefined
  maxBytes?: number | undefined
}): Promise<{ bytes: number; chunks: number }> {
  const whole = recordBytes(record)
  // Pieces an earlier record left go first: pieces are only ever written into a slot that has none, so
  // what a kill leaves (the core's Node storage may lose a key it rewrites) is always a run from index 0.
  // With none known there (`0`), nothing is looked at.
  await removeChunks(storage, base, slot, {
    from: 0,
    known: chunksThere ?? 0,
    exact: chunksThere !== undefined,
  })
  if (whole <= maxBytes) {
    await storage.setItem(slotKey(base, slot), record)
    return { bytes: whole, chunks: 0 }
  }
  const { stores, outbox, copies, topics, ...rest } = record
  const pieces = splitText(stores + outbox + (copies ?? ''), maxBytes - CHUNK_OVERHEAD)
  const id = randomId()
  let bytes = 0
  for (let index = 0; index < pieces.length; index++) {
    const text = pieces[index] as string
    bytes += CHUNK_OVERHEAD + jsonStringBytes(text)
    await storage.setItem(chunkKey(base, slot, index), { v: 1, id, index, text })
  }
  const lengths = [stores.length, outbox.length, copies === undefined ? -1 : copies.length]
  const head = { ...rest, chunked: { id, count: pieces.length, topics, lengths } }
  await storage.setItem(slotKey(base, slot), head)
  return { bytes: bytes + utf8Bytes(JSON.stringify(head)), chunks: pieces.length }
}

/** The record a chunked head and its pieces hold; `undefined` when a piece is missing or not its own. */
async function assemble(storage: ChatSyncStorage, base: string, slot: 0 | 1, head: Record<string, unknown>) {
  const { chunked, ...rest } = head
  if (!isRecord(chunked) || typeof chunked.id !== 'string' || !Array.isArray(chunked.lengths)) return
  const count = natural(chunked.count)
  const [stores, outbox, copies] = chunked.lengths.map((length) =>
    typeof length === 'number' && Number.isSafeInteger(length) ? length : Number.NaN,
  ) as [number, number, number]
  if (count < 1 || !(stores >= 0 && outbox >= 0 && copies >= -1)) return
  const pieces = await Promise.all(
    Array.from({ length: count }, (_, index) => readItem(storage, chunkKey(base, slot, index))),
  )
  let text = ''
  let bytes = utf8Bytes(JSON.stringify(head))
  for (const [index, piece] of pieces.entries()) {
    if (!isRecord(piece) || piece.v !== 1 || piece.id !== chunked.id || piece.index !== index) return
    if (typeof piece.text !== 'string') return
    text += piece.text
    bytes += CHUNK_OVERHEAD + jsonStringBytes(piece.text)
  }
  if (text.length !== stores + outbox + Math.max(copies, 0)) return
  const record = {
    ...rest,
    topics: chunked.topics,
    stores: text.slice(0, stores),
    outbox: text.slice(stores, stores + outbox),
    copies: copies < 0 ? undefined : text.slice(stores + outbox),
  }
  return { record, bytes }
}

/** Reads `slot`: whether a head is there, and the snapshot when it is readable (all of it). */
export async function readSlot(
  storage: ChatSyncStorage,
  base: string,
  slot: 0 | 1,
  account: string,
  migrate: Migrate,
): Promise<SlotContent> {
  const head = await readItem(storage, slotKey(base, slot))
  if (!isRecord(head)) return { head: head !== undefined, chunks: 0 }
  const chunks = isRecord(head.chunked) ? natural(head.chunked.count) : 0
  // A head holding the record itself is measured as stored: any of its fields may be damaged, and
  // `recordBytes` takes its texts for texts.
  const whole =
    chunks > 0 ? await assemble(storage, base, slot, head) : { record: head, bytes: jsonBytes(head) }
  const restored = whole && decodePersistedAccount(whole.record, account, migrate)
  if (!whole || !restored) return { head: true, chunks }
  const meta = {
    generation: natural(head.generation),
    journalFrom: natural(head.journalFrom),
    lineage: typeof head.lineage === 'string' ? head.lineage : undefined,
  }
  return { head: true, chunks, snapshot: { ...meta, restored, bytes: whole.bytes } }
}
