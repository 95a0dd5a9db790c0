import type { ChatSyncWriteResult, SetErrorType } from '../engine/types.js'
import { StoreKeyMismatchError, type StoreKeyMismatchErrorType } from '../errors/engine.js'
import { AccountNotSetError, type AccountNotSetErrorType } from '../errors/session.js'
import type { ChatSyncConfig } from '../session/createChatSyncConfig.js'
import { CHAT_STORES, type ChatStoreId, type ChatStorePayloads } from '../stores/catalogue.js'

export type SetStoreValueParameters<S extends ChatStoreId> = { store: S; value: ChatStorePayloads[S] }
export type SetStoreValueReturnType = ChatSyncWriteResult
/** Narrow on `error.name`, e.g. `'PayloadValidationError'` for a value that fails the store's schema. */
export type SetStoreValueErrorType = SetErrorType | AccountNotSetErrorType
/** What a row's `set` fails with. */
export type SetStoreEntryErrorType = SetStoreValueErrorType | StoreKeyMismatchErrorType

/**
 * Writes a value to one of the config account's stores (its key is taken from the value). Resolves once
 * applied locally and in the device's storage (it then survives the app being killed); `delivered`
 * settles when the relay accepted the publish.
 * @throws {PayloadValidationError} when the value does not match the store's payload schema.
 */
export async function setStoreValue<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store, value }: SetStoreValueParameters<S>,
): Promise<SetStoreValueReturnType> {
  const { account } = config.getState()
  if (!account) throw new AccountNotSetError({ action: `write to ${store}` })
  const result = await config.client.set({ account, store, value })
  await result.saved
  return result
}

/** Mutation options (TanStack Query shape) that write to `store` through the config. */
export function setStoreValueMutationOptions<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store }: { store: S },
) {
  return {
    mutationKey: ['chatsync', 'set', store] as const,
    // The engine has its own outbox: a write applies and is saved at once, and is delivered once the relay
    // answers. Paused until the browser says it is online, it would be lost with the tab.
    networkMode: 'always' as const,
    mutationFn: (value: ChatStorePayloads[S]) => setStoreValue(config, { store, value }),
  }
}

/**
 * Mutation options that write the entry `key` of `store` (a row's writes): a value whose key is another
 * entry's fails with `StoreKeyMismatchError`.
 */
export function setStoreEntryMutationOptions<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store, key }: { store: S; key: string },
) {
  return {
    mutationKey: ['chatsync', 'set', store, key] as const,
    networkMode: 'always' as const,
    mutationFn: async (value: ChatStorePayloads[S]) => {
      // A value without a readable key is the store's validation to report (PayloadValidationError).
      if (hasKey(store, value) && CHAT_STORES[store].keyOf(value as never) !== key)
        throw new StoreKeyMismatchError({ store })
      return setStoreValue(config, { store, value })
    },
  }
}

function hasKey(store: ChatStoreId, value: unknown): boolean {
  try {
    return typeof (CHAT_STORES[store].keyOf as (value: unknown) => unknown)(value) === 'string'
  } catch {
    return false
  }
}
