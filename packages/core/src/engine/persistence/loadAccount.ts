import { StorageError } from '../../errors/engine.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { loadStoredAccount, type StoragePosition, type StoredAccount } from './accountStorage.js'
import {
  decodePersistedAccount,
  mergeRestoredAccounts,
  type PersistedAccount,
  type RestoredAccount,
} from './persistedAccount.js'
import type { UnloadCopies } from './unloadCopies.js'

export type LoadAccountParameters = {
  storage: ChatSyncStorage
  storageKey: string
  account: string
  unloadCopies: UnloadCopies | undefined
  migrate: ((record: unknown, version: number) => PersistedAccount | undefined) | undefined
}

export function sameTopics(
  a: Readonly<Record<ChatStoreId, string>>,
  b: Readonly<Record<ChatStoreId, string>>,
): boolean {
  return CHAT_STORE_IDS.every((storeId) => a[storeId] === b[storeId])
}

/** A loaded account: where storage holds it (if it does), and whether the page's unload copy added to it. */
export type LoadedAccount = RestoredAccount & { position?: StoragePosition | undefined; merged: boolean }

/**
 * The account as storage holds it (see `accountStorage.ts`), merged by last-writer-wins with the copy the
 * page saved as it unloaded (when both are of the same stores); `undefined` when there is none or it is
 * unusable.
 * @throws {StorageError} when storage cannot be read.
 */
export async function loadAccount({
  storage,
  storageKey,
  account,
  unloadCopies,
  migrate,
}: LoadAccountParameters): Promise<LoadedAccount | undefined> {
  let stored: StoredAccount | undefined
  try {
    stored = await loadStoredAccount({ storage, base: storageKey, account, migrate })
  } catch (cause) {
    throw new StorageError({ operation: 'load', account, cause })
  }
  const copy = unloadCopies?.read(account)
  const unloaded = copy === undefined ? undefined : decodePersistedAccount(copy, account, migrate)
  if (!unloaded) return stored && { ...stored, merged: false }
  if (!stored) return { ...unloaded, merged: true }
  if (!sameTopics(stored.topics, unloaded.topics)) return { ...stored, merged: false }
  return { ...mergeRestoredAccounts(stored, unloaded), position: stored.position, merged: true }
}
