import { isRecord } from '../../isRecord.js'
import { applyUpdates, emptyLwwMap, type LwwMap } from '../../lww/applyUpdate.js'
import { updateOf } from '../../lww/updateOf.js'
import { byStore } from '../../stores/byStore.js'
import { CHAT_STORE_IDS, type ChatStoreId, parseStoreValue } from '../../stores/catalogue.js'
import { isSyncId } from '../../wire/syncRequest.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import { type LocalWrites, localKeysOf, localWriteKey, mergeLocalWrites } from '../changes/localWrites.js'
import { type OutboxItem, outboxItemKey } from '../changes/outboxItem.js'
import { restoreOutbox } from '../changes/restoreOutbox.js'

/*
 * What is persisted per account, under one storage key (see `persistedAccountKey`).
 *
 * The signature (`persistSignature`, default true): the signature is the root secret of sync. Anyone
 * holding it derives the key of every store of the account, including stores other apps add later, so
 * keeping it is the widest exposure; it is what lets a reload work without asking the wallet again,
 * which is what the reference client does. With `persistSignature: false` nothing secret is written by
 * this engine: only the store topics are kept, and `restore()` relies on the store keys the WalletConnect
 * core already keeps in its own keychain (the same storage, next to its session keys). Persisting the
 * derived store keys ourselves would be no safer than that (each one is as secret as the stores it opens)
 * and would duplicate them, so we do not. If the core's keychain is cleared, `restore()` returns `false`
 * and the wallet must sign again.
 *
 * `stores` and `outbox` are JSON text rather than nested objects: some storages (the Node file storage of
 * the core) serialise every value with a replacer function, which is many times slower than
 * `JSON.stringify` on a large object, while one long string costs almost nothing.
 *
 * Each store of `stores` may list under `local` the keys whose change was written on this device (see
 * `LocalWrites`): only keys it holds now, each with the id the store has for it, so the list grows with
 * the account, not with its history. Records without it (earlier versions) read as having none; earlier
 * versions ignore it.
 */

export const PERSISTED_ACCOUNT_VERSION = 1

export type PersistedAccount = {
  version: typeof PERSISTED_ACCOUNT_VERSION
  account: string
  /** Present only with `persistSignature: true`. Secret. */
  signature?: string | undefined
  /** Store topic by store id (public: the relay sees them). */
  topics: Record<ChatStoreId, string>
  /** JSON text of `{ [storeId]: { entries, ids, local? } }` (`local`: keys written here, see above). */
  stores: string
  /** JSON text of the undelivered writes, oldest first. */
  outbox: string
  /** JSON text of when each entry's newest relay copy was published (see `createKeepAlive`). */
  copies?: string | undefined
  /** Snapshot bookkeeping (see `accountStorage.ts`). */
  generation?: number | undefined
  journalFrom?: number | undefined
  lineage?: string | undefined
}

export type RestoredAccount = {
  signature: string | undefined
  topics: Record<ChatStoreId, string>
  stores: ChatSyncStores
  outbox: OutboxItem[]
  /** As persisted (see `PersistedAccount.copies`); read by the keep-alive. */
  copies?: string | undefined
  /** Which entries hold a change written on this device (none when not given). */
  local?: LocalWrites | undefined
}

/** The storage key of an account's record. `scope` separates clients sharing one storage. */
export function persistedAccountKey(scope: string, account: string): string {
  return `chatsync@${PERSISTED_ACCOUNT_VERSION}${scope}//account:${account}`
}

export function encodePersistedAccount({
  account,
  signature,
  topics,
  stores,
  outbox,
  copies,
  local,
}: {
  account: string
  signature: string | undefined
  topics: Record<ChatStoreId, string>
  stores: ChatSyncStores
  outbox: readonly OutboxItem[]
  copies?: string | undefined
  local?: ReadonlyMap<string, number> | undefined
}): PersistedAccount {
  const record: PersistedAccount = {
    version: PERSISTED_ACCOUNT_VERSION,
    account,
    topics,
    stores: storesText(stores, local),
    outbox: JSON.stringify(outbox),
  }
  if (signature !== undefined) record.signature = signature
  if (copies !== undefined) record.copies = copies
  return record
}

/** The JSON text of `stores`, each with the keys it holds whose change was written here (if any). */
function storesText(stores: ChatSyncStores, local: ReadonlyMap<string, number> | undefined): string {
  // Null-prototype records serialise like plain ones.
  if (!local || local.size === 0) return JSON.stringify(stores)
  const keys = localKeysOf(local, stores)
  return JSON.stringify(
    byStore((store) => (keys[store] ? { ...stores[store], local: keys[store] } : stores[store])),
  )
}

function parseText(text: unknown): unknown {
  if (typeof text !== 'string') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One store of a record, checked; the keys it lists as written here go to `local` with their ids. */
function restoreStore<S extends ChatStoreId>(storeId: S, raw: unknown, local: LocalWrites): LwwMap<unknown> {
  if (!isRecord(raw) || !isRecord(raw.entries) || !isRecord(raw.ids)) return emptyLwwMap()
  const entries: Record<string, unknown> = Object.create(null)
  const ids: Record<string, number> = Object.create(null)
  for (const [key, id] of Object.entries(raw.ids)) {
    if (isSyncId(id)) ids[key] = id
  }
  // Re-validated: storage is outside our control. An entry that fails keeps only its id (a tombstone),
  // so an older change cannot resurrect it; a newer one replaces it.
  for (const [key, value] of Object.entries(raw.entries)) {
    if (!Object.hasOwn(ids, key)) continue
    const parsed = parseStoreValue(storeId, value)
    if (parsed.ok) entries[key] = parsed.value
  }
  for (const key of Array.isArray(raw.local) ? raw.local : []) {
    if (typeof key === 'string' && Object.hasOwn(ids, key))
      local.set(localWriteKey(storeId, key), ids[key] as number)
  }
  return { entries, ids }
}

/**
 * Reads a persisted record back (after `migrate` for other versions). `undefined` when there is none, it
 * belongs to another account, or it is unusable.
 */
export function decodePersistedAccount(
  raw: unknown,
  account: string,
  migrate?: (record: unknown, version: number) => PersistedAccount | undefined,
): RestoredAccount | undefined {
  let record = raw
  if (!isRecord(record)) return undefined
  if (record.version !== PERSISTED_ACCOUNT_VERSION) {
    if (!migrate) return undefined
    record = migrate(record, typeof record.version === 'number' ? record.version : 0)
    if (!isRecord(record) || record.version !== PERSISTED_ACCOUNT_VERSION) return undefined
  }
  if (record.account !== account || !isRecord(record.topics)) return undefined
  const topics = Object.create(null) as Record<ChatStoreId, string>
  for (const storeId of CHAT_STORE_IDS) {
    const topic = record.topics[storeId]
    if (typeof topic !== 'string' || !/^[0-9a-f]{64}$/.test(topic)) return undefined
    topics[storeId] = topic
  }
  const rawStores = parseText(record.stores)
  const { signature } = record
  const local: LocalWrites = new Map()
  return {
    signature: typeof signature === 'string' && signature ? signature : undefined,
    topics,
    stores: byStore((storeId) =>
      restoreStore(storeId, isRecord(rawStores) ? rawStores[storeId] : undefined, local),
    ) as ChatSyncStores,
    outbox: restoreOutbox(parseText(record.outbox)),
    copies: typeof record.copies === 'string' ? record.copies : undefined,
    local,
  }
}

/** The updates that turn an empty store into `state` (a tombstone, a key with an id and no entry, deletes). */
const updatesOf = (state: LwwMap<unknown>) => Object.keys(state.ids).map((key) => updateOf(state, key))

type Held = { stores: ChatSyncStores; outbox: readonly OutboxItem[] }

/**
 * The stores and outbox of `base` with what `other` (a record of the same stores saved elsewhere) knows
 * beyond them: per key, the change with the higher id; the writes either still has to deliver, once
 * each, oldest first.
 */
export function mergeHeld(base: Held, other: Held): { stores: ChatSyncStores; outbox: OutboxItem[] } {
  const seen = new Set(base.outbox.map(outboxItemKey))
  return {
    stores: byStore((storeId) =>
      applyUpdates(base.stores[storeId], updatesOf(other.stores[storeId])),
    ) as ChatSyncStores,
    outbox: [...base.outbox, ...other.outbox.filter((item) => !seen.has(outboxItemKey(item)))].sort(
      (a, b) => a.id - b.id,
    ),
  }
}

/** `base` with what `other` knows beyond it (see `mergeHeld`); `base`'s signature first. */
export function mergeRestoredAccounts(base: RestoredAccount, other: RestoredAccount): RestoredAccount {
  const merged = { ...base, ...mergeHeld(base, other), signature: base.signature ?? other.signature }
  if (base.local || other.local)
    merged.local = mergeLocalWrites(base.local ?? new Map(), other.local ?? new Map())
  return merged
}
