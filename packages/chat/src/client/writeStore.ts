import type { ChatStoreId, ChatStorePayloads, ChatSyncSession } from '@chatsync/core'
import { ChatNotReadyError } from '../errors/chat.js'

/**
 * Writes to one of the session account's stores and settles once the change is safe from a crash of
 * this app: in this device's storage (`saved`), or on the relay (`delivered`, from where every device,
 * this one after a restart too, gets it back), whichever comes first. The chat publishes what depends on
 * the change (an invite, an answer) only then, and waits no longer than that.
 */
export async function writeStore<S extends ChatStoreId>(
  session: ChatSyncSession,
  change: { store: S; value: ChatStorePayloads[S] } | { store: S; key: string },
): Promise<void> {
  const { account } = session.getState()
  if (!account)
    throw new ChatNotReadyError({ action: `write to ${change.store}`, reason: 'no account is set' })
  const result =
    'value' in change
      ? await session.client.set({ account, store: change.store, value: change.value })
      : await session.client.delete({ account, store: change.store, key: change.key })
  const saved = result.saved ?? Promise.resolve()
  // A delivery cancelled (the account unregistered meanwhile) leaves `saved` to say.
  await Promise.race([saved, result.delivered.catch(() => saved)])
}
