import { StorageError } from '../errors/engine.js'
import { isRecord } from '../isRecord.js'
import { updateOf } from '../lww/updateOf.js'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import type { ChatSyncStores } from './accountSnapshot.js'
import { type OutboxItem, outboxItemKey } from './changes/outboxItem.js'
import { toOutboxItem } from './changes/toOutboxItem.js'
import type { Engine } from './engine.js'
import type { OtherSpellingRecord } from './findOtherSpellingRecords.js'
import type { OtherSpellings } from './findOtherSpellings.js'
import type { LoadedAccount } from './persistence/loadAccount.js'
import { mergeHeld } from './persistence/persistedAccount.js'
import { readerMarkerKey } from './persistence/readerMarker.js'
import { removeStoredAccount } from './persistence/removeStoredAccount.js'
import { slotKey } from './persistence/storageKeys.js'

type Found = { spelling: string; loaded: LoadedAccount; shared: boolean }

/**
 * The records found of other spellings of the canonical `account` (`findOtherSpellingRecords`; see
 * `findOtherSpellings`): how their state is carried over, and how they go (none found: nothing to carry,
 * nothing to remove).
 */
export async function carryOtherSpellings(
  engine: Engine,
  account: string,
  records: readonly OtherSpellingRecord[],
): Promise<OtherSpellings> {
  const { storage } = engine
  const canonicalBase = engine.storageKey(account)
  /** Whether a snapshot slot of the canonical account holds the record of `spelling` (keys ignore case). */
  const holds = async (base: string, spelling: string) => {
    for (const slot of [0, 1] as const) {
      const raw = await storage.getItem(slotKey(base, slot)).catch(() => undefined)
      if (isRecord(raw) && raw.account === spelling) return true
    }
    return false
  }
  const found: Found[] = []
  for (const record of records) found.push({ ...record, shared: await holds(canonicalBase, record.spelling) })

  return {
    found: found.length > 0,
    position: found.find(({ shared }) => shared)?.loaded.position,
    carry(held) {
      let current = { stores: held.stores, outbox: [...held.outbox] }
      for (const { loaded } of found) {
        current = mergeHeld(current, {
          stores: loaded.stores,
          outbox: [...loaded.outbox, ...missing(current.stores, loaded)],
        })
      }
      return current
    },
    async retire() {
      const liveTopics = new Set([...engine.accounts.values()].flatMap((sync) => Object.values(sync.topics)))
      for (const { spelling, loaded, shared } of found) {
        const base = engine.storageKey(spelling)
        try {
          if (shared) {
            for (const slot of [0, 1] as const) {
              const key = slotKey(base, slot)
              const raw = await storage.getItem(key)
              if (isRecord(raw) && raw.account === spelling) await storage.removeItem(key)
            }
          } else {
            await removeStoredAccount(storage, base, loaded.position)
            await storage.removeItem(readerMarkerKey(base))
          }
          engine.unloadCopies?.remove(spelling)
          engine.unloadCopies?.takeCleanToken(spelling)
          for (const topic of Object.values(loaded.topics)) {
            if (!liveTopics.has(topic) && engine.core.crypto.hasKeys(topic)) {
              await engine.core.crypto.deleteSymKey(topic)
            }
          }
        } catch (cause) {
          engine.emitError(account, new StorageError({ operation: 'remove', account: spelling, cause }))
        }
      }
    },
  }
}

/**
 * The changes of `other` that `stores` holds nothing as new for, as items to publish (with their
 * original ids), except those its outbox already has.
 */
function missing(stores: ChatSyncStores, other: LoadedAccount): OutboxItem[] {
  const queued = new Set(other.outbox.map(outboxItemKey))
  const items: OutboxItem[] = []
  for (const store of CHAT_STORE_IDS) {
    const { ids } = other.stores[store]
    const known = stores[store].ids
    for (const key of Object.keys(ids)) {
      if (Object.hasOwn(known, key) && (known[key] as number) >= (ids[key] as number)) continue
      const item = toOutboxItem(store, updateOf<unknown>(other.stores[store], key))
      if (!queued.has(outboxItemKey(item))) items.push(item)
    }
  }
  return items
}
