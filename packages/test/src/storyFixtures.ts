import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'

/** The demo wallet's account (Alice's), as the stories show it. */
export const storyAccount = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

const peers = [
  'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  'eip155:1:0x1AAe9864337E821f2F86b5D27468C59AA333C877',
  'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
]
const messages = ['Hey there! Wanna chat?', 'Coffee on Friday?', 'Saw your talk, great work', 'gm']

/** A fixed 32-byte hex value per (kind, index), so stories render the same every time. */
const hex = (kind: number, index: number) =>
  `${kind.toString(16).padStart(2, '0')}${index.toString(16).padStart(6, '0')}`.repeat(8)

const start = Date.UTC(2026, 10, 20, 9, 0, 0)

/** `count` invites sent by the story account, a minute apart. */
export function sentInviteFixtures(count: number): SentInvite[] {
  return Array.from({ length: count }, (_, index) => ({
    id: (start + index * 60_000) * 1000 + index,
    message: messages[index % messages.length] as string,
    inviterAccount: storyAccount,
    inviteeAccount: peers[index % peers.length] as string,
    inviterPubKeyY: hex(1, index),
    inviterPrivKeyY: hex(2, index),
    status: index % 3 === 0 ? 'approved' : 'pending',
    responseTopic: hex(3, index),
    symKey: hex(4, index),
    timestamp: start + index * 60_000,
  }))
}

/** `count` threads of the story account. */
export function threadFixtures(count: number): Thread[] {
  return Array.from({ length: count }, (_, index) => ({
    topic: hex(5, index),
    selfAccount: storyAccount,
    peerAccount: peers[index % peers.length] as string,
    symKey: hex(6, index),
  }))
}

export const inviteKeysFixture: InviteKeys = {
  account: storyAccount,
  publicKey: hex(7, 0),
  privateKey: hex(8, 0),
}

const bobAccount = 'eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

/** An invite from Bob waiting on this device (keys are fixed test values; accepting publishes in memory). */
export const receivedInviteFixture = {
  id: 1_795_600_000_000_001,
  message: 'Hi Alice, shall we chat?',
  inviterAccount: bobAccount,
  inviteeAccount: storyAccount,
  inviterPublicKey: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  inviteePublicKey: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  responseTopic: hex(9, 0),
  symKey: hex(10, 0),
  timestamp: start,
}

/** A thread with Bob and its conversation as this device keeps it. */
export const conversationThread: Thread = {
  topic: hex(11, 0),
  selfAccount: storyAccount,
  peerAccount: bobAccount,
  symKey: hex(12, 0),
}

export const conversationMessages = [
  { id: 1, topic: conversationThread.topic, message: 'hello', authorAccount: bobAccount, timestamp: start },
  {
    id: 2,
    topic: conversationThread.topic,
    message: 'Hi Bob! Read on my other device.',
    authorAccount: storyAccount,
    timestamp: start + 60_000,
  },
]
