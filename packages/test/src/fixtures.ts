import type { InviteKeys, ReceivedInviteStatus, SentInvite, Thread } from '@chatsync/core'

/** The account the fixtures write as (self, inviter). */
export const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
/** The other side of the fixtures' invites and threads (peer, invitee). */
export const otherAccount = 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee'

/** 64 hex digits spread from `seed`: every (kind, n) gives another value, the same on every run. */
const hex64 = (seed: string) => {
  let out = ''
  for (let i = 0; out.length < 64; i++)
    out += ((seed.charCodeAt(i % seed.length) * 7919 + i * 31) % 4096).toString(16).padStart(3, '0')
  return out.slice(0, 64)
}

/** A valid payload of each Chat store, distinct for each `n`, with any field overridden. */
export const payloads = {
  sentInvite(n: number, overrides: Partial<SentInvite> = {}): SentInvite {
    return {
      id: 1684319157629569 + n,
      message: `Hey there ${n}! Wanna chat?`,
      inviterAccount: account,
      inviteeAccount: otherAccount,
      inviterPubKeyY: hex64(`pub${n}`),
      inviterPrivKeyY: hex64(`priv${n}`),
      status: 'pending',
      responseTopic: hex64(`response${n}`),
      symKey: hex64(`sym${n}`),
      timestamp: 1684319157629 + n,
      ...overrides,
    }
  },
  thread(n: number, overrides: Partial<Thread> = {}): Thread {
    return {
      topic: hex64(`thread${n}`),
      selfAccount: account,
      peerAccount: otherAccount,
      symKey: hex64(`threadsym${n}`),
      ...overrides,
    }
  },
  inviteKeys(n: number, overrides: Partial<InviteKeys> = {}): InviteKeys {
    return {
      publicKey: hex64(`ipub${n}`),
      privateKey: hex64(`ipriv${n}`),
      account: `eip155:1:0x${hex64(`acct${n}`).slice(0, 40)}`,
      ...overrides,
    }
  },
  receivedInviteStatus(n: number, overrides: Partial<ReceivedInviteStatus> = {}): ReceivedInviteStatus {
    return { id: 1000 + n, status: 'approved', ...overrides }
  },
}

/** 64 hex digits ending in `n` (8 digits) after `seed`: a value whose last digits tell which it is. */
const numberedHex = (n: number, seed: number) =>
  (seed.toString(16) + n.toString(16).padStart(8, '0')).padStart(64, 'a')

/** Thread `n`: its topic ends in `n` as 8 hex digits (`makeThread(1).topic.slice(-2) === '01'`). */
export function makeThread(n: number, selfAccount = account): Thread {
  return { topic: numberedHex(n, 1), selfAccount, peerAccount: otherAccount, symKey: numberedHex(n, 2) }
}

/** Sent invite `n` (its `id`), made at `timestamp`. */
export function makeSentInvite(n: number, timestamp: number): SentInvite {
  return {
    id: n,
    message: `hello ${n}`,
    inviterAccount: account,
    inviteeAccount: otherAccount,
    inviterPubKeyY: numberedHex(n, 3),
    inviterPrivKeyY: numberedHex(n, 4),
    status: 'pending',
    responseTopic: numberedHex(n, 5),
    symKey: numberedHex(n, 6),
    timestamp,
  }
}
