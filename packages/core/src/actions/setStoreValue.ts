import type { ChatSyncWriteResult, SetErrorType } from '../engine/types.js'
import { AccountNotSetError, type AccountNotSetErrorType } from '../errors/session.js'
import type { ChatSyncSession } from '../session/createChatSyncSession.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'

export type SetStoreValueParameters<S extends ChatStoreId> = { store: S; value: ChatStorePayloads[S] }
export type SetStoreValueReturnType = ChatSyncWriteResult
/** Narrow on `error.name`, e.g. `'PayloadValidationError'` for a value that fails the store's schema. */
export type SetStoreValueErrorType = SetErrorType | AccountNotSetErrorType

/**
 * Writes a value to one of the session account's stores (its key is taken from the value). Resolves once
 * applied locally and in the device's storage (it then survives the app being killed); `delivered`
 * settles when the relay accepted the publish.
 * @throws {PayloadValidationError} when the value does not match the store's payload schema.
 */
export async function setStoreValue<S extends ChatStoreId>(
  session: ChatSyncSession,
  { store, value }: SetStoreValueParameters<S>,
): Promise<SetStoreValueReturnType> {
  const { account } = session.getState()
  if (!account) throw new AccountNotSetError({ action: `write to ${store}` })
  const result = await session.client.set({ account, store, value })
  await result.saved
  return result
}

/** Mutation options (TanStack Query shape) that write to `store` through the session. */
export function setStoreValueMutationOptions<S extends ChatStoreId>(
  session: ChatSyncSession,
  { store }: { store: S },
) {
  return {
    mutationKey: ['chatsync', 'set', store] as const,
    // The engine has its own outbox: a write applies and is saved at once, and is delivered once the relay
    // answers. Paused until the browser says it is online, it would be lost with the tab.
    networkMode: 'always' as const,
    mutationFn: (value: ChatStorePayloads[S]) => setStoreValue(session, { store, value }),
  }
}
