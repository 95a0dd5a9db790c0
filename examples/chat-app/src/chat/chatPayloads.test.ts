import { CHAT_STORES, parseStoreValue } from '@chatsync/core'
import { describe, expect, test } from 'vitest'
import { acceptInvite } from './acceptInvite'
import { createInviteKeys } from './createInviteKeys'
import { createSentInvite } from './createSentInvite'

const inviter = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const invitee = 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee'
const hex32 = /^[0-9a-f]{64}$/

describe('createSentInvite', () => {
  test('a pending invite with fresh 32-byte keys that the sentInvites store accepts', () => {
    const invite = createSentInvite({ inviterAccount: inviter, inviteeAccount: invitee, message: 'Hi' })
    expect(parseStoreValue('sentInvites', invite)).toEqual({ ok: true, value: invite })
    expect(invite).toMatchObject({
      inviterAccount: inviter,
      inviteeAccount: invitee,
      message: 'Hi',
      status: 'pending',
    })
    for (const key of [invite.inviterPubKeyY, invite.inviterPrivKeyY, invite.responseTopic, invite.symKey])
      expect(key).toMatch(hex32)
    expect(Number.isSafeInteger(invite.id)).toBe(true)
    expect(CHAT_STORES.sentInvites.keyOf(invite)).toBe(invite.responseTopic)
  })

  test('each invite gets its own keys and store key', () => {
    const a = createSentInvite({ inviterAccount: inviter, inviteeAccount: invitee, message: 'a' })
    const b = createSentInvite({ inviterAccount: inviter, inviteeAccount: invitee, message: 'b' })
    expect(
      new Set([a.responseTopic, a.symKey, a.inviterPrivKeyY, b.responseTopic, b.symKey, b.inviterPrivKeyY])
        .size,
    ).toBe(6)
  })
})

describe('acceptInvite', () => {
  test('marks the invite approved and opens a thread between the two accounts', () => {
    const invite = createSentInvite({ inviterAccount: inviter, inviteeAccount: invitee, message: 'Hi' })
    const { invite: accepted, thread } = acceptInvite(invite)
    expect(accepted).toEqual({ ...invite, status: 'approved' })
    expect(invite.status).toBe('pending')
    expect(thread).toMatchObject({ selfAccount: inviter, peerAccount: invitee })
    expect(thread.topic).toMatch(hex32)
    expect(thread.symKey).toMatch(hex32)
    expect(parseStoreValue('threads', thread).ok).toBe(true)
  })
})

describe('createInviteKeys', () => {
  test('a fresh key pair stored under the account', () => {
    const first = createInviteKeys(inviter)
    const second = createInviteKeys(inviter)
    expect(parseStoreValue('inviteKeys', first).ok).toBe(true)
    expect(CHAT_STORES.inviteKeys.keyOf(first)).toBe(inviter)
    expect(first.publicKey).toMatch(hex32)
    expect(first.privateKey).toMatch(hex32)
    expect(second.privateKey).not.toBe(first.privateKey)
  })
})
