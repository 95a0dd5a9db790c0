import type { ChatSyncWriteResult, DeleteErrorType } from '../engine/types.js'
import { AccountNotSetError, type AccountNotSetErrorType } from '../errors/session.js'
import type { ChatSyncSession } from '../session/createChatSyncSession.js'
import type { ChatStoreId } from '../stores/catalogue.js'

export type DeleteStoreValueParameters<S extends ChatStoreId> = { store: S; key: string }
export type DeleteStoreValueReturnType = ChatSyncWriteResult
export type DeleteStoreValueErrorType = DeleteErrorType | AccountNotSetErrorType

/**
 * Deletes a key from one of the session account's stores. Resolves once applied locally and in the
 * device's storage (it then survives the app being killed); `delivered` settles when the relay accepted it.
 */
export async function deleteStoreValue<S extends ChatStoreId>(
  session: ChatSyncSession,
  { store, key }: DeleteStoreValueParameters<S>,
): Promise<DeleteStoreValueReturnType> {
  const { account } = session.getState()
  if (!account) throw new AccountNotSetError({ action: `delete from ${store}` })
  const result = await session.client.delete({ account, store, key })
  await result.saved
  return result
}

/** Mutation options (TanStack Query shape) that delete keys of `store` through the session. */
export function deleteStoreValueMutationOptions<S extends ChatStoreId>(
  session: ChatSyncSession,
  { store }: { store: S },
) {
  return {
    mutationKey: ['chatsync', 'delete', store] as const,
    // The engine has its own outbox: a write applies and is saved at once, and is delivered once the relay
    // answers. Paused until the browser says it is online, it would be lost with the tab.
    networkMode: 'always' as const,
    mutationFn: (key: string) => deleteStoreValue(session, { store, key }),
  }
}
