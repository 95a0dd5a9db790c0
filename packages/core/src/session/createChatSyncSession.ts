import type { ChatSyncConfig } from './createChatSyncConfig.js'
import { createChatSyncConfig } from './createChatSyncConfig.js'
import type { Signer } from './signer.js'
import type { SessionClient } from './types.js'

/** @deprecated Use `createChatSyncConfig({ client, account, signer, enableOnMount })`. */
export type CreateChatSyncSessionParameters<TClient extends SessionClient = SessionClient> = {
  client: TClient | (() => TClient)
  account?: string | undefined
  signer?: Signer | undefined
  enableOnMount?: boolean | undefined
}

/** @deprecated Use `ChatSyncConfig`. */
export type ChatSyncSession<TClient extends SessionClient = SessionClient> = ChatSyncConfig<TClient>

/** @deprecated Use `createChatSyncConfig`: the same object, which also creates the engine from a sign client or core. */
export function createChatSyncSession<TClient extends SessionClient>(
  parameters: CreateChatSyncSessionParameters<TClient>,
): ChatSyncSession<TClient> {
  return createChatSyncConfig<TClient>(parameters)
}
