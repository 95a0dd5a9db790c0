import { SignatureMismatchError, StorageError } from '../../errors/engine.js'
import { checkSignature } from '../../keys/deriveStoreKeys.js'
import { getSyncMessage } from '../../keys/getSyncMessage.js'
import { parseAccount } from '../../keys/parseAccount.js'
import { emptyStores } from '../accountSnapshot.js'
import type { Engine } from '../engine.js'
import { installKeys } from '../installKeys.js'
import { sameTopics } from '../persistence/loadAccount.js'
import { recoverPersonalSignAddress } from '../recoverPersonalSignAddress.js'

export type RegisterParameters = { account: string; signature: string }

/**
 * Verifies the signature (eip155: it must recover to the account), derives the store keys, catches up
 * with the relay's history and subscribes. A registration persisted for the same stores (a reload)
 * keeps its state and outbox.
 */
export async function register(engine: Engine, { account, signature }: RegisterParameters): Promise<void> {
  engine.assertAlive()
  const { namespace, address } = parseAccount(account)
  checkSignature(signature)
  if (namespace === 'eip155') {
    // Accounts of other namespaces are accepted unverified: their signature schemes differ, and a wrong
    // signature there only yields stores no other device of the account uses.
    const recovered = recoverPersonalSignAddress(getSyncMessage(account), signature)
    if (recovered !== address.toLowerCase()) {
      throw new SignatureMismatchError({
        account,
        reason: recovered ? 'wrong-signer' : 'malformed-signature',
      })
    }
  }
  await engine.exclusive(account, async () => {
    engine.assertAlive()
    engine.preconnect()
    const loading = engine.load(account).catch((error: StorageError) => engine.emitError(account, error))
    // Marked before the keychain writes queue up behind it, and before anything is read from the relay.
    const reading = loading.then((persisted) => engine.beginReading(account, !!persisted))
    reading.catch(() => {})
    const { topics, keys, stored } = await installKeys(
      engine.core,
      signature,
      engine.logger,
      engine.primitives,
    )
    const live = engine.accounts.get(account)
    if (live && sameTopics(live.topics, topics)) {
      await Promise.all([live.firstSync, stored])
      return
    }
    if (live) await engine.deactivate(live, true)
    const persisted = await loading
    const kept = persisted && sameTopics(persisted.topics, topics) ? persisted : undefined
    const { stores = emptyStores(), outbox = [], position = undefined, merged = false } = kept ?? {}
    const { marker, rebuild } = await reading.catch((cause) => {
      throw new StorageError({ operation: 'save', account, cause })
    })
    const init = { signature, topics, keys, stores, outbox, marker, rebuild, position, snapshotFirst: merged }
    const sync = engine.activate(account, init)
    await stored.catch((cause) =>
      engine.emitError(account, new StorageError({ operation: 'save', account, cause })),
    )
    void sync.persistNow()
    await sync.firstSync
  })
}
