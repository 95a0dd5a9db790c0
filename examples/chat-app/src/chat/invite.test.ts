import { type InviteKeys, parseStoreValue } from '@chatsync/core'
import { decrypt, hashKey, deriveSymKey as wcDeriveSymKey } from '@walletconnect/utils'
import { describe, expect, test } from 'vitest'
import { sealTypeOne, sealTypeZero } from './envelopes'
import {
  acceptInvite,
  createInvite,
  inviteTopicOf,
  openInvite,
  openInviteResponse,
  type ReceivedInvite,
  rejectInvite,
} from './invite'
import { generateKeyPair } from './keys'
import { buildRequest } from './rpc'

const alice = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const bob = 'eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const bobKeys = (): InviteKeys => ({ account: bob, ...generateKeyPair() })
const secretsOf = (...values: { symKey?: string; privateKey?: string; inviterPrivKeyY?: string }[]) =>
  values.flatMap((v) => [v.symKey, v.privateKey, v.inviterPrivKeyY].filter((x): x is string => !!x))

const reasonOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return { name: (error as Error).name, reason: (error as { reason?: string }).reason, text: String(error) }
  }
  throw new Error('expected an error')
}

describe('the invite protocol', () => {
  test('default: invite, open, accept, and the inviter derives the same thread', () => {
    const x = bobKeys()
    const { sentInvite, inviteTopic, envelope } = createInvite({
      inviterAccount: alice,
      inviteeAccount: bob,
      inviteePublicKey: x.publicKey,
      message: 'Hey Bob',
    })
    // The SentInvite is a valid store value, pending, keyed by its response topic = sha256(I).
    expect(parseStoreValue('sentInvites', sentInvite)).toEqual({ ok: true, value: sentInvite })
    expect(sentInvite.status).toBe('pending')
    expect(sentInvite.responseTopic).toBe(hashKey(sentInvite.symKey))
    // I = DH(Y, X); invite topic = sha256(X); the envelope is type 1 and carries Y.
    expect(sentInvite.symKey).toBe(wcDeriveSymKey(x.privateKey, sentInvite.inviterPubKeyY))
    expect(inviteTopic).toBe(hashKey(x.publicKey))
    expect(inviteTopic).toBe(inviteTopicOf(x.publicKey))
    const bytes = Buffer.from(envelope, 'base64')
    expect(bytes[0]).toBe(1)
    expect(bytes.subarray(1, 33).toString('hex')).toBe(sentInvite.inviterPubKeyY)
    // WalletConnect's own decrypt opens it with I: a plain wc_chatInvite request.
    const request = JSON.parse(decrypt({ symKey: sentInvite.symKey, encoded: envelope }))
    expect(request).toMatchObject({
      id: sentInvite.id,
      jsonrpc: '2.0',
      method: 'wc_chatInvite',
      params: { message: 'Hey Bob', inviterAccount: alice, inviteeAccount: bob },
    })

    const received = openInvite({ inviteKeys: x, envelope, publishedAt: 1234 })
    expect(received).toEqual({
      id: sentInvite.id,
      message: 'Hey Bob',
      inviterAccount: alice,
      inviteeAccount: bob,
      inviterPublicKey: sentInvite.inviterPubKeyY,
      inviteePublicKey: x.publicKey,
      responseTopic: sentInvite.responseTopic,
      symKey: sentInvite.symKey,
      timestamp: 1234,
    })

    const accepted = acceptInvite(received)
    expect(accepted.responseTopic).toBe(sentInvite.responseTopic)
    expect(parseStoreValue('threads', accepted.thread).ok).toBe(true)
    expect(accepted.thread).toMatchObject({ selfAccount: bob, peerAccount: alice })
    expect(accepted.thread.topic).toBe(hashKey(accepted.thread.symKey))

    const outcome = openInviteResponse(sentInvite, accepted.envelope)
    expect(outcome).toEqual({
      status: 'approved',
      thread: {
        topic: accepted.thread.topic,
        selfAccount: alice,
        peerAccount: bob,
        symKey: accepted.thread.symKey,
      },
    })
  })

  test('behavior: a rejection reaches the inviter as rejected', () => {
    const x = bobKeys()
    const { sentInvite, envelope } = createInvite({
      inviterAccount: alice,
      inviteeAccount: bob,
      inviteePublicKey: x.publicKey,
      message: 'Hi',
    })
    const rejected = rejectInvite(openInvite({ inviteKeys: x, envelope }))
    expect(rejected.responseTopic).toBe(sentInvite.responseTopic)
    expect(openInviteResponse(sentInvite, rejected.envelope)).toEqual({ status: 'rejected' })
  })

  test('behavior: an answer to another request id on the topic is ignored', () => {
    const x = bobKeys()
    const { sentInvite, envelope } = createInvite({
      inviterAccount: alice,
      inviteeAccount: bob,
      inviteePublicKey: x.publicKey,
      message: 'Hi',
    })
    const received: ReceivedInvite = { ...openInvite({ inviteKeys: x, envelope }), id: sentInvite.id + 1 }
    expect(openInviteResponse(sentInvite, acceptInvite(received).envelope)).toBeUndefined()
  })

  test('behavior: every invite has its own keys, topics and id', () => {
    const x = bobKeys()
    const make = () =>
      createInvite({
        inviterAccount: alice,
        inviteeAccount: bob,
        inviteePublicKey: x.publicKey,
        message: 'a',
      })
    const [a, b] = [make(), make()]
    expect(a.inviteTopic).toBe(b.inviteTopic)
    expect(
      new Set([
        a.sentInvite.symKey,
        b.sentInvite.symKey,
        a.sentInvite.responseTopic,
        b.sentInvite.responseTopic,
      ]).size,
    ).toBe(4)
    expect(a.sentInvite.id).not.toBe(b.sentInvite.id)
  })
})

describe('bad input gives a clear error that names no secret', () => {
  const x = bobKeys()
  const invite = createInvite({
    inviterAccount: alice,
    inviteeAccount: bob,
    inviteePublicKey: x.publicKey,
    message: 'Hey Bob',
  })
  const secrets = secretsOf(x, invite.sentInvite)

  test.each([
    [
      'opened with another invite key',
      () => openInvite({ inviteKeys: bobKeys(), envelope: invite.envelope }),
      'undecryptable',
    ],
    [
      'not base64',
      () => openInvite({ inviteKeys: x, envelope: '%%% not an envelope' }),
      'malformed-envelope',
    ],
    ['empty', () => openInvite({ inviteKeys: x, envelope: '' }), 'malformed-envelope'],
    [
      'too short',
      () => openInvite({ inviteKeys: x, envelope: Buffer.from([1, 2, 3]).toString('base64') }),
      'malformed-envelope',
    ],
    [
      'a type-0 envelope on the invite topic',
      () => openInvite({ inviteKeys: x, envelope: sealTypeZero(invite.sentInvite.symKey, '{}') }),
      'wrong-envelope-type',
    ],
    [
      'a type-2 (plaintext) envelope',
      () =>
        openInvite({
          inviteKeys: x,
          envelope: Buffer.from([2, ...Buffer.from('{"id":1}')]).toString('base64'),
        }),
      'wrong-envelope-type',
    ],
    [
      'tampered ciphertext',
      () => {
        const bytes = Buffer.from(invite.envelope, 'base64')
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1
        return openInvite({ inviteKeys: x, envelope: bytes.toString('base64') })
      },
      'undecryptable',
    ],
    [
      'a response sealed with another key',
      () => openInviteResponse(invite.sentInvite, sealTypeZero(generateKeyPair().privateKey, '{}')),
      'undecryptable',
    ],
    [
      'a response that is not JSON-RPC',
      () => openInviteResponse(invite.sentInvite, sealTypeZero(invite.sentInvite.symKey, '"yes"')),
      'malformed-payload',
    ],
    [
      'a response whose public key is not a key',
      () =>
        openInviteResponse(
          invite.sentInvite,
          sealTypeZero(
            invite.sentInvite.symKey,
            JSON.stringify({ id: invite.sentInvite.id, jsonrpc: '2.0', result: { publicKey: 'xyz' } }),
          ),
        ),
      'invalid-key',
    ],
    [
      'an invite message over 200 characters',
      () =>
        createInvite({
          inviterAccount: alice,
          inviteeAccount: bob,
          inviteePublicKey: x.publicKey,
          message: 'x'.repeat(201),
        }),
      'too-long',
    ],
  ])('%s', (_, run, reason) => {
    const error = reasonOf(run)
    expect(error).toMatchObject({ name: 'ChatProtocolError', reason })
    for (const secret of secrets) expect(error.text).not.toContain(secret)
  })

  test('an invite whose claimed public key is not the one it was sealed with: key-mismatch', () => {
    const y = generateKeyPair()
    const symKey = wcDeriveSymKey(y.privateKey, x.publicKey)
    const params = {
      message: 'm',
      inviterAccount: alice,
      inviteeAccount: bob,
      inviterPublicKey: generateKeyPair().publicKey,
    }
    const envelope = sealTypeOne(symKey, y.publicKey, JSON.stringify(buildRequest('wc_chatInvite', params)))
    expect(reasonOf(() => openInvite({ inviteKeys: x, envelope }))).toMatchObject({ reason: 'key-mismatch' })
  })

  test('an invite for another account under this key: wrong-account', () => {
    const other = createInvite({
      inviterAccount: alice,
      inviteeAccount: 'eip155:1:0x0000000000000000000000000000000000000001',
      inviteePublicKey: x.publicKey,
      message: 'm',
    })
    expect(reasonOf(() => openInvite({ inviteKeys: x, envelope: other.envelope }))).toMatchObject({
      reason: 'wrong-account',
    })
  })

  test('an invite to the same account in another letter case is accepted', () => {
    const lower = createInvite({
      inviterAccount: alice,
      inviteeAccount: bob.toLowerCase(),
      inviteePublicKey: x.publicKey,
      message: 'm',
    })
    expect(openInvite({ inviteKeys: x, envelope: lower.envelope }).inviteeAccount).toBe(bob)
  })
})
