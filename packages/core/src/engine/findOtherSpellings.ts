import { StorageError } from '../errors/engine.js'
import { isRecord } from '../isRecord.js'
import { supersedes } from '../lww/applyUpdate.js'
import { updateOf } from '../lww/updateOf.js'
import { CHAT_STORE_IDS } from '../stores/catalogue.js'
import type { ChatSyncStores } from './accountSnapshot.js'
import { type OutboxItem, outboxItemKey } from './changes/outboxItem.js'
import { toOutboxItem } from './changes/toOutboxItem.js'
import type { Engine } from './engine.js'
import type { StoragePosition } from './persistence/accountStorage.js'
import type { LoadedAccount } from './persistence/loadAccount.js'
import { mergeHeld } from './persistence/persistedAccount.js'
import { readerMarkerKey } from './persistence/readerMarker.js'
import { removeStoredAccount } from './persistence/removeStoredAccount.js'
import { slotKey } from './persistence/storageKeys.js'

/*
 * Records of an account stored under another spelling of it (`eip155:1:0xabc…` where the canonical form
 * is `eip155:1:0xAbC…`), by a version that kept accounts as given. Such a record's signature and keys
 * are of the message naming that spelling: other store topics. Its state is carried into the canonical
 * account once the canonical account has its own keys (a `register`, or a `restore` of a canonical
 * record): merged by last writer wins, and every change the canonical topics may lack is published
 * there with its original id (its outbox too), so the other devices get it and last writer wins is
 * unaffected. The record is removed only once the canonical account's storage holds what was carried.
 *
 * On a storage whose keys ignore case (the core's file storage on macOS or Windows), the two spellings'
 * keys are one: the record found is then the canonical account's own files. The canonical account takes
 * its place on storage (`position`), and only a snapshot slot that still holds the other spelling's
 * record is removed; its journal and reader marker are the canonical account's too.
 */

type Held = { stores: ChatSyncStores; outbox: readonly OutboxItem[] }

type Found = { spelling: string; loaded: LoadedAccount; shared: boolean }

export type OtherSpellings = {
  /** Whether a record of another spelling was found. */
  readonly found: boolean
  /** Where the record found is, when its storage keys are the canonical account's (see above). */
  readonly position: StoragePosition | undefined
  /** `held` with what the records found know beyond it; their changes the topics may lack are queued. */
  carry(held: Held): { stores: ChatSyncStores; outbox: OutboxItem[] }
  /** Removes the records found and their keys. Call once what they held is saved (or forgotten). */
  retire(): Promise<void>
}

/**
 * The records stored under other spellings of the canonical `account` (see above). One that cannot be
 * read is reported and left where it is.
 */
export async function findOtherSpellings(engine: Engine, account: string): Promise<OtherSpellings> {
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
  for (const spelling of engine.spellings.others(account)) {
    try {
      const loaded = await engine.load(spelling)
      if (loaded) found.push({ spelling, loaded, shared: await holds(canonicalBase, spelling) })
    } catch (error) {
      engine.emitError(account, error as StorageError)
    }
  }

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
    for (const key of Object.keys(other.stores[store].ids)) {
      const update = updateOf<unknown>(other.stores[store], key)
      // Only a change that beats what `stores` holds (last writer wins, ties included).
      if (!supersedes(stores[store], update)) continue
      const item = toOutboxItem(store, update)
      if (!queued.has(outboxItemKey(item))) items.push(item)
    }
  }
  return items
}
