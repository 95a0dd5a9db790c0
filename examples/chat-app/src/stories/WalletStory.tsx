import { useState } from 'react'
import type { DemoWalletState } from '../wallet/createDemoWallet'
import { WalletPanel } from '../wallet/WalletPanel'
import { createStoryWallet } from './createStoryWallet'

export type WalletStoryProps = Partial<DemoWalletState>

/** The wallet panel over an in-memory wallet created once per mount (so each story starts afresh). */
export function WalletStory(initial: WalletStoryProps) {
  const [wallet] = useState(() => createStoryWallet(initial))
  return <WalletPanel wallet={wallet} />
}
