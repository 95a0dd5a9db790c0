import type { SentInvite, Thread } from '@chatsync/core'

export const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
export const otherAccount = 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee'

const hex = (n: number, seed: number) =>
  (seed.toString(16) + n.toString(16).padStart(8, '0')).padStart(64, 'a')

export function makeThread(n: number, selfAccount = account): Thread {
  return { topic: hex(n, 1), selfAccount, peerAccount: otherAccount, symKey: hex(n, 2) }
}

export function makeSentInvite(n: number, timestamp: number): SentInvite {
  return {
    id: n,
    message: `hello ${n}`,
    inviterAccount: account,
    inviteeAccount: otherAccount,
    inviterPubKeyY: hex(n, 3),
    inviterPrivKeyY: hex(n, 4),
    status: 'pending',
    responseTopic: hex(n, 5),
    symKey: hex(n, 6),
    timestamp,
  }
}

/** A promise with its settle functions, to hold a signer until the test decides. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
