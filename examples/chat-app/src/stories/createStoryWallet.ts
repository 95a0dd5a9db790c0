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

/** A chat identity key's CAIP-122 sign-in as the wallet shows it. */
export const storyIdentityMessage = [
  `127.0.0.1 wants you to sign in with your Ethereum account:`,
  storyAccount.split(':')[2],
  '',
  'Authorize this device to send and receive chat messages on behalf of this account.',
  '',
  'URI: http://127.0.0.1:5555',
  'Version: 1',
  'Chain ID: 1',
  'Nonce: 5b0a1c2d3e4f5a6b',
  'Issued At: 2026-01-05T09:30:00.000Z',
  'Resources:',
  '- did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
].join('\n')
