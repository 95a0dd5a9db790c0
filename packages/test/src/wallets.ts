import { getSyncMessage } from '@chatsync/core'
import { generatePrivateKey, type LocalAccount, privateKeyToAccount } from 'viem/accounts'

/** A viem local account, its CAIP-10 account id and its sync signature. */
export type TestWallet = { wallet: LocalAccount; account: string; signature: string }

/** The wallet of `privateKey` (a new random key by default), with its sync signature made. */
export async function createWallet(privateKey: `0x${string}` = generatePrivateKey()): Promise<TestWallet> {
  const wallet = privateKeyToAccount(privateKey)
  const account = `eip155:1:${wallet.address}`
  const signature = await wallet.signMessage({ message: getSyncMessage(account) })
  return { wallet, account, signature }
}
