import type { ChatMessage, ChatThread, ReceivedInvite } from '@chatsync/chat'
import { DEMO_ACCOUNTS } from '../wallet/demoAccounts'

const alice = DEMO_ACCOUNTS.alice.account
const bob = DEMO_ACCOUNTS.bob.account
const start = Date.UTC(2026, 0, 5, 9, 30)
const topic = 'a1'.repeat(32)

const message = (id: number, text: string, authorAccount: string, status: ChatMessage['status']) => ({
  id,
  topic,
  message: text,
  authorAccount,
  timestamp: start + id * 60_000,
  status,
})

/** Alice's thread with Bob: a message of his, one of hers delivered, one on its way. */
export const storyThread: ChatThread = {
  topic,
  selfAccount: alice,
  peerAccount: bob,
  messages: [
    message(1, 'hello', bob, 'delivered'),
    message(2, 'Hi Bob! Read on my other device.', alice, 'delivered'),
    message(3, 'Still sending', alice, 'pending'),
  ],
  isLeftByPeer: false,
}

/** An invite from Bob, waiting for Alice's answer. */
export const storyInvite: ReceivedInvite = {
  id: 1_795_600_000_000_001,
  message: 'Hi Alice, shall we chat?',
  inviterAccount: bob,
  inviteeAccount: alice,
  inviterPublicKey: '85'.repeat(32),
  inviteePublicKey: 'de'.repeat(32),
  timestamp: start,
  status: 'pending',
  isAnswering: false,
}
