import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'

/** The demo wallet's account, as the stories show it. */
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
