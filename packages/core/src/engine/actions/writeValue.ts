import { AccountNotRegisteredError, UnknownStoreError } from '../../errors/engine.js'
import { CHAT_STORE_IDS, type ChatStoreId, type ChatStorePayloads } from '../../stores/catalogue.js'
import type { AccountSync } from '../account/accountSync.js'
import { localDelete, localSet } from '../changes/localChange.js'
import type { Engine } from '../engine.js'
import type { ChatSyncWriteResult } from '../types.js'

export type SetValueParameters<S extends ChatStoreId> = {
  account: string
  store: S
  value: ChatStorePayloads[S]
}
export type DeleteValueParameters = { account: string; store: ChatStoreId; key: string }

/** The live account `account` and a known `store` to write to, or the error that says why not. */
function writable(
  engine: Engine,
  account: string,
  store: unknown,
  action: string,
): [AccountSync, ChatStoreId] {
  engine.assertAlive()
  const sync = engine.accounts.get(account)
  if (!sync)
    throw new AccountNotRegisteredError({ account: String(account), action: `${action} ${String(store)}` })
  if (typeof store !== 'string' || !CHAT_STORE_IDS.includes(store as ChatStoreId)) {
    throw new UnknownStoreError({ store })
  }
  return [sync, store as ChatStoreId]
}

/**
 * Writes a value (its key comes from the value): checked against the store's schema and size limit,
 * applied locally at once, then published from the outbox. While the account goes live (its stored state
 * shown, see `restore`), the write waits for it.
 */
export async function setValue<S extends ChatStoreId>(
  engine: Engine,
  { account, store, value }: SetValueParameters<S>,
): Promise<ChatSyncWriteResult> {
  const activating = engine.startup.activating.get(account)
  if (activating) await activating
  const [sync, storeId] = writable(engine, account, store, 'write to')
  return sync.write(storeId, localSet(storeId, value))
}

/** Deletes a key: a tombstone with a newer id than any change this device has for it. */
export async function deleteValue(
  engine: Engine,
  { account, store, key }: DeleteValueParameters,
): Promise<ChatSyncWriteResult> {
  const activating = engine.startup.activating.get(account)
  if (activating) await activating
  const [sync, storeId] = writable(engine, account, store, 'delete from')
  return sync.write(storeId, localDelete(key))
}
