import {
  AccountNotRegisteredError,
  InvalidStoreKeyError,
  PayloadTooLargeError,
  UnknownStoreError,
} from '../../errors/engine.js'
import {
  CHAT_STORE_IDS,
  CHAT_STORES,
  type ChatStoreId,
  type ChatStorePayloads,
  parseStoreValue,
} from '../../stores/catalogue.js'
import type { AccountSync } from '../account/accountSync.js'
import type { Engine } from '../engine.js'
import { ENGINE_LIMITS } from '../limits.js'
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
  const parsed = parseStoreValue(storeId, value)
  if (!parsed.ok) throw parsed.error
  const { name, keyOf } = CHAT_STORES[storeId]
  const text = JSON.stringify(parsed.value)
  const key = (keyOf as (value: unknown) => string)(parsed.value)
  // The request wraps the value text once more (escaped: at most 6 characters each) next to the key and
  // an id. The exact size is measured only when that cheap bound is over the limit, so an ordinary write
  // does not serialise its value a second time.
  const limit = ENGINE_LIMITS.maxRequestLength
  if (6 * (text.length + key.length) + 80 > limit) {
    const size = JSON.stringify(text).length + JSON.stringify(key).length + 80
    if (size > limit) throw new PayloadTooLargeError({ store: name, size, limit })
  }
  return sync.write(storeId, { type: 'set', key, value: parsed.value, text })
}

/** Deletes a key: a tombstone with a newer id than any change this device has for it. */
export async function deleteValue(
  engine: Engine,
  { account, store, key }: DeleteValueParameters,
): Promise<ChatSyncWriteResult> {
  const activating = engine.startup.activating.get(account)
  if (activating) await activating
  const [sync, storeId] = writable(engine, account, store, 'delete from')
  if (typeof key !== 'string' || !key || JSON.stringify(key).length + 80 > ENGINE_LIMITS.maxRequestLength) {
    throw new InvalidStoreKeyError()
  }
  return sync.write(storeId, { type: 'delete', key })
}
