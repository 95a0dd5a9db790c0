import { getSyncMessage } from '../keys/getSyncMessage.js'
import { idleSnapshot } from './accountSnapshot.js'
import { destroy } from './actions/destroy.js'
import { isRegistered } from './actions/isRegistered.js'
import { register } from './actions/register.js'
import { restore } from './actions/restore.js'
import { unregister } from './actions/unregister.js'
import { deleteValue, setValue } from './actions/writeValue.js'
import { createEngine } from './createEngine.js'
import type { ChatSyncClient, CreateChatSyncParameters } from './types.js'

/**
 * The sync engine: live, synchronised Chat stores for any number of accounts on a WalletConnect core
 * (`signClient.core`). See `ChatSyncClient` for the API and ARCHITECTURE.md for the contract.
 *
 * History is fetched with `irn_batchFetchMessages` and decoded here in batches; live changes arrive on
 * the store topics' subscriptions and are folded per turn of the event loop, so listeners hear once per
 * batch. Writes apply locally at once, are persisted (coalesced) and published from a persisted outbox
 * that retries with backoff and on reconnect.
 */
export function createChatSync(parameters: CreateChatSyncParameters): ChatSyncClient {
  const engine = createEngine(parameters)
  return {
    getMessage: ({ account }) => getSyncMessage(account),
    register: (parameters) => register(engine, parameters),
    restore: (parameters) => restore(engine, parameters),
    isRegistered: (parameters) => isRegistered(engine, parameters),
    unregister: (parameters) => unregister(engine, parameters),
    set: (parameters) => setValue(engine, parameters),
    delete: (parameters) => deleteValue(engine, parameters),
    getSnapshot: ({ account }) =>
      engine.accounts.get(account)?.getSnapshot() ?? idleSnapshot(engine.connection.status),
    on: (event, handler) => engine.emitter.on(event, handler),
    inspect: ({ account }) => engine.accounts.get(account)?.inspect(),
    destroy: () => destroy(engine),
  }
}
