import { StorageError } from '../../errors/engine.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
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

/**
 * The account's persisted record, merged by last-writer-wins with the copy the page saved as it unloaded
 * (when both are of the same stores); `undefined` when there is none or it is unusable.
 * @throws {StorageError} when storage cannot be read.
 */
export async function loadAccount({
  storage,
  storageKey,
  account,
  unloadCopies,
  migrate,
}: LoadAccountParameters): Promise<RestoredAccount | undefined> {
  let raw: unknown
  try {
    raw = await storage.getItem(storageKey)
  } catch (cause) {
    throw new StorageError({ operation: 'load', account, cause })
  }
  const persisted =
    raw === undefined || raw === null ? undefined : decodePersistedAccount(raw, account, migrate)
  const copy = unloadCopies?.read(account)
  const unloaded = copy === undefined ? undefined : decodePersistedAccount(copy, account, migrate)
  if (!unloaded) return persisted
  if (!persisted) return unloaded
  return sameTopics(persisted.topics, unloaded.topics)
    ? mergeRestoredAccounts(persisted, unloaded)
    : persisted
}
