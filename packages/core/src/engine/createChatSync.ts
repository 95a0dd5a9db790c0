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
 *
 * Every account given is taken in its canonical form (`normalizeAccount`): two spellings of one account
 * are one account here, and events name it in that form.
 */
export function createChatSync(parameters: CreateChatSyncParameters): ChatSyncClient {
  const engine = createEngine(parameters)
  const { spellings } = engine
  /** The parameters with their account in canonical form. @throws {InvalidAccountError} */
  const canonical = <P extends { account: string }>(given: P): P => ({
    ...given,
    account: spellings.canonical(given.account),
  })
  /** The live account of a read, if any (an invalid account has none). */
  const live = (account: string) => {
    const key = spellings.find(account)
    return key === undefined ? undefined : engine.accounts.get(key)
  }
  return {
    getMessage: ({ account }) => getSyncMessage(spellings.canonical(account)),
    register: async (parameters) => register(engine, canonical(parameters)),
    restore: async (parameters) => restore(engine, canonical(parameters)),
    isRegistered: async (parameters) => isRegistered(engine, canonical(parameters)),
    unregister: async (parameters) => unregister(engine, canonical(parameters)),
    set: async (parameters) => setValue(engine, canonical(parameters)),
    delete: async (parameters) => deleteValue(engine, canonical(parameters)),
    getSnapshot: ({ account }) => {
      const key = spellings.find(account)
      const sync = key === undefined ? undefined : engine.accounts.get(key)
      return (
        sync?.getSnapshot() ??
        (key === undefined ? undefined : engine.startup.previews.get(key)) ??
        idleSnapshot(engine.connection.status)
      )
    },
    getRecentAccount: () => engine.startup.recent.get(),
    on: (event, handler) => engine.emitter.on(event, handler),
    inspect: ({ account }) => live(account)?.inspect(),
    destroy: () => destroy(engine),
  }
}
