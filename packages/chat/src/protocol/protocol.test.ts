import { keyTopic, readTypeOneEnvelope } from '@chatsync/core/internal'
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { decrypt, deriveSymKey, deserialize, hashKey } from '@walletconnect/utils'
import { describe, expect, test } from 'vitest'
import type { DeviceIdentity } from '../identity/createDeviceIdentity.js'
import type { IdentityResolver } from '../identity/createIdentityResolver.js'
import { encodeDidKey } from '../identity/didKey.js'
import { signJwt } from '../identity/jwt.js'
import { acceptInvite, acceptKeyPair, createInvite, newKeyPair, openAnswer, openInvite } from './invite.js'
import type { RpcRequest } from './rpc.js'

/*
 * The invite protocol's keys and topics (X25519 → HKDF-SHA256 → symKey → sha256 topic) against
 * @walletconnect/utils' own functions, with identities resolved from memory (a pure unit test: the
 * directory and the relay are in the integration tests).
 */

const alice = 'eip155:1:0x00000000000000000000000000000000000A11cE'
const bob = 'eip155:1:0x0000000000000000000000000000000000000B0b'

function identityOf(account: string) {
  const secret = ed25519.utils.randomSecretKey()
  const identityKey = encodeDidKey('ed25519', ed25519.getPublicKey(secret))
  const identity: DeviceIdentity = {
    identityKey,
    sign: (claims, ttl) =>
      signJwt(secret, {
        ...claims,
        iss: identityKey,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + ttl,
      }),
  }
  return { identity, account }
}
const aliceIdentity = identityOf(alice)
const bobIdentity = identityOf(bob)
const identities: IdentityResolver = {
  accountOf: async (key) =>
    [aliceIdentity, bobIdentity].find((i) => i.identity.identityKey === key)
      ? {
          ok: true,
          account: [aliceIdentity, bobIdentity].find((i) => i.identity.identityKey === key)!.account,
        }
      : { ok: false, reason: 'unknown-identity' },
}

describe('the invite protocol against @walletconnect/utils', () => {
  test('default: invite, answer and thread keys and topics are the ones utils derives, on both sides', async () => {
    const x = newKeyPair()
    const invite = createInvite({
      id: 1_700_000_000_000_123,
      account: alice,
      inviteeAccount: bob,
      inviteePublicKey: x.publicKey,
      message: 'hi',
      identity: aliceIdentity.identity,
      ttlSeconds: 86_400,
      now: Date.now(),
    })
    const { sentInvite } = invite
    // I = DH(Y, X), from either side; response topic = sha256(I); invite topic = sha256(X).
    expect(sentInvite.symKey).toBe(deriveSymKey(sentInvite.inviterPrivKeyY, x.publicKey))
    expect(sentInvite.symKey).toBe(deriveSymKey(x.privateKey, sentInvite.inviterPubKeyY))
    expect(sentInvite.responseTopic).toBe(hashKey(sentInvite.symKey))
    expect(invite.inviteTopic).toBe(hashKey(x.publicKey))
    expect(keyTopic(x.publicKey)).toBe(hashKey(x.publicKey))

    // The type-1 envelope as the relay carries it opens with utils' decrypt.
    const { sealTypeOneEnvelope } = await import('@chatsync/core/internal')
    const envelope = sealTypeOneEnvelope(
      hexToBytes(sentInvite.symKey),
      hexToBytes(invite.senderPublicKey),
      JSON.stringify(invite.request),
    )
    expect(bytesToHex(deserialize({ encoded: envelope }).senderPublicKey!)).toBe(sentInvite.inviterPubKeyY)
    expect(JSON.parse(decrypt({ encoded: envelope, symKey: sentInvite.symKey }))).toEqual(invite.request)
    const read = readTypeOneEnvelope(envelope)
    expect(read.ok && bytesToHex(read.senderPublicKey)).toBe(sentInvite.inviterPubKeyY)

    // Bob opens it; his answer's thread key T = DH(Z, Y) is the one Alice derives from the answer.
    const opened = await openInvite({
      request: invite.request as RpcRequest,
      senderPublicKey: sentInvite.inviterPubKeyY,
      inviteKeys: { ...x, account: bob },
      publishedAt: Date.now(),
      identities,
    })
    expect(opened.ok && opened.value).toMatchObject({
      id: sentInvite.id,
      message: 'hi',
      inviterAccount: alice,
      symKey: sentInvite.symKey,
    })
    if (!opened.ok) throw opened.error
    const accepted = acceptInvite({
      invite: opened.value,
      identity: bobIdentity.identity,
      ttlSeconds: 86_400,
    })
    const answer = await openAnswer({
      response: accepted.response,
      sentInvite,
      publishedAt: Date.now(),
      identities,
    })
    expect(answer?.ok && answer.value).toEqual({
      status: 'approved',
      thread: { ...accepted.thread, selfAccount: alice, peerAccount: bob },
    })
    expect(accepted.thread.topic).toBe(hashKey(accepted.thread.symKey))
    const z = JSON.parse(
      Buffer.from(
        (accepted.response as { result: { responseAuth: string } }).result.responseAuth.split('.')[1]!,
        'base64url',
      ).toString(),
    ).sub
    expect(z).toMatch(/^did:key:z6LS/)

    // Accepted again (another device of Bob's, or a retry): the same Z, the same thread; another invite's
    // answer makes another thread.
    const again = acceptInvite({ invite: opened.value, identity: bobIdentity.identity, ttlSeconds: 60 })
    expect(again.thread).toEqual(accepted.thread)
    const other = acceptInvite({
      invite: { ...opened.value, symKey: newKeyPair().privateKey },
      identity: bobIdentity.identity,
      ttlSeconds: 60,
    })
    expect(other.thread.topic).not.toBe(accepted.thread.topic)
    // Z is a valid X25519 pair.
    const pair = acceptKeyPair(sentInvite.symKey)
    expect(deriveSymKey(pair.privateKey, x.publicKey)).toBe(deriveSymKey(x.privateKey, pair.publicKey))
  })

  test('behavior: an answer signed by another identity than the invitee’s is refused (wrong-account)', async () => {
    const x = newKeyPair()
    const { sentInvite, request } = createInvite({
      id: 7,
      account: alice,
      inviteeAccount: bob,
      inviteePublicKey: x.publicKey,
      message: '',
      identity: aliceIdentity.identity,
      ttlSeconds: 60,
      now: Date.now(),
    })
    const opened = await openInvite({
      request,
      senderPublicKey: sentInvite.inviterPubKeyY,
      inviteKeys: { ...x, account: bob },
      publishedAt: Date.now(),
      identities,
    })
    if (!opened.ok) throw opened.error
    // Alice's own identity answering her own invite.
    const forged = acceptInvite({
      invite: { ...opened.value, inviterAccount: alice },
      identity: aliceIdentity.identity,
      ttlSeconds: 60,
    })
    const answer = await openAnswer({
      response: forged.response,
      sentInvite,
      publishedAt: Date.now(),
      identities,
    })
    expect(answer?.ok === false && answer.error).toMatchObject({
      name: 'ChatPayloadRejectedError',
      reason: 'wrong-account',
    })
  })
})
