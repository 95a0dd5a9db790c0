import { storyAccount } from '@chatsync/test'
import type { DemoWallet, DemoWalletState, WalletRequest } from '../wallet/createDemoWallet'

/** A demo wallet held in memory for stories: approving or rejecting only changes the request's status. */
export function createStoryWallet(initial: Partial<DemoWalletState> = {}): DemoWallet {
  let state: DemoWalletState = { requests: [], activity: [], ...initial }
  const listeners = new Set<() => void>()
  const setStatus = (id: number, status: WalletRequest['status']) => {
    state = { ...state, requests: state.requests.map((r) => (r.id === id ? { ...r, status } : r)) }
    for (const listener of listeners) listener()
  }
  return {
    name: 'Alice',
    account: storyAccount,
    address: storyAccount.split(':')[2] as `0x${string}`,
    pair: async () => {},
    approve: async (id) => setStatus(id, 'approved'),
    reject: async (id) => setStatus(id, 'rejected'),
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy: async () => {},
  }
}

/** The sync message as the wallet shows it. */
export const storySyncMessage = `I authorize this app to sync my account: ${storyAccount}\n\nRead more about it here: https://walletconnect.com/faq`
