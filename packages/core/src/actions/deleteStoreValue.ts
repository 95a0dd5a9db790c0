import type { ChatSyncWriteResult, DeleteErrorType } from '../engine/types.js'
import { AccountNotSetError, type AccountNotSetErrorType } from '../errors/session.js'
import type { ChatSyncConfig } from '../session/createChatSyncConfig.js'
import type { ChatStoreId } from '../stores/catalogue.js'

export type DeleteStoreValueParameters<S extends ChatStoreId> = { store: S; key: string }
export type DeleteStoreValueReturnType = ChatSyncWriteResult
export type DeleteStoreValueErrorType = DeleteErrorType | AccountNotSetErrorType

/**
 * Deletes a key from one of the config account's stores. Resolves once applied locally and in the
 * device's storage (it then survives the app being killed); `delivered` settles when the relay accepted it.
 */
export async function deleteStoreValue<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store, key }: DeleteStoreValueParameters<S>,
): Promise<DeleteStoreValueReturnType> {
  const { account } = config.getState()
  if (!account) throw new AccountNotSetError({ action: `delete from ${store}` })
  const result = await config.client.delete({ account, store, key })
  await result.saved
  return result
}

/** Mutation options (TanStack Query shape) that delete keys of `store` through the config. */
export function deleteStoreValueMutationOptions<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store }: { store: S },
) {
  return {
    mutationKey: ['chatsync', 'delete', store] as const,
    // The engine has its own outbox: a write applies and is saved at once, and is delivered once the relay
    // answers. Paused until the browser says it is online, it would be lost with the tab.
    networkMode: 'always' as const,
    mutationFn: (key: string) => deleteStoreValue(config, { store, key }),
  }
}

/** Mutation options that delete the entry `key` of `store` (a row's `remove`: no variables). */
export function deleteStoreEntryMutationOptions<S extends ChatStoreId>(
  config: ChatSyncConfig,
  { store, key }: { store: S; key: string },
) {
  return {
    mutationKey: ['chatsync', 'delete', store, key] as const,
    networkMode: 'always' as const,
    mutationFn: () => deleteStoreValue(config, { store, key }),
  }
}
