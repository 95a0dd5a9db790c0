import { CHAT_STORE_IDS } from '@chatsync/core'
import { storeKeysOf } from '../storeKeysOf.js'
import { createWallet } from '../wallets.js'
import type { Cleanup } from './createCleanup.js'
import { startDevice } from './startDevice.js'

/**
 * A device registered for a new wallet (`target`), and a device holding that account's store keys
 * without being registered (`peer`): what a buggy or hostile client with the keys publishes on the store
 * topics, the target receives. Both are shut down by `cleanup`.
 */
export async function startTargetAndPeer(relayUrl: string, cleanup: Cleanup) {
  const wallet = await createWallet()
  const target = cleanup.track(await startDevice(relayUrl))
  const peer = cleanup.track(await startDevice(relayUrl))
  await target.client.register(wallet)
  const keys = await storeKeysOf(wallet.signature)
  for (const id of CHAT_STORE_IDS) await peer.core.crypto.setSymKey(keys[id].symKey)
  return { wallet, target, peer, keys }
}
