import { createWallet, type TestWallet, waitFor } from '@chatsync/test'
import { createCleanup } from '@chatsync/test/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { acceptInvite, type ChatState, getChatState, sendInvite, sendMessage } from '../src/index.js'
import { type ChatDevice, startChatDevice, startChatRelay, waitForChat } from './chatKit.js'
import { createForger, makeCacao, startEvilKeysServer } from './forgeKit.js'

/*
 * Hostile input on Bob's invite topic and on a thread: nothing of it is shown or kept, each is reported
 * as a typed error, and the state that was there stays as it was.
 */

const cleanup = createCleanup()
afterAll(cleanup.run)

let relay: Awaited<ReturnType<typeof startChatRelay>>
let alice: TestWallet
let bob: TestWallet
let mallory: TestWallet
let a1: ChatDevice
let b1: ChatDevice
let forger: Awaited<ReturnType<typeof createForger>>
let topic: string
let before: Pick<ChatState, 'receivedInvites' | 'threads'>

const bobKey = () => getChatState(b1.chat).inviteKey!
const inviteOf = (params: Parameters<typeof forger.invite>[0] extends infer P ? Partial<P> : never) =>
  forger.invite({ inviteePublicKey: bobKey(), inviteeAccount: bob.account, ...params })

/** Runs `act`, waits for `device` to report errors (as many as `reasons`), and returns them. */
async function reported(device: ChatDevice, count: number, act: () => Promise<unknown>) {
  const start = device.errors.length
  await act()
  await waitFor(() => device.errors.length >= start + count, { what: `${count} error(s) reported` })
  // Nothing else trickles in after them.
  await new Promise((resolve) => setTimeout(resolve, 200))
  return device.errors.slice(start).map((error) => ({
    name: error.name,
    reason: (error as { reason?: string }).reason,
    kind: (error as { kind?: string }).kind,
  }))
}

const intact = () => {
  const { receivedInvites, threads } = getChatState(b1.chat)
  expect(receivedInvites).toEqual(before.receivedInvites)
  expect(threads).toEqual(before.threads)
}

beforeAll(async () => {
  relay = await startChatRelay(cleanup)
  ;[alice, bob, mallory] = await Promise.all([createWallet(), createWallet(), createWallet()])
  ;[a1, b1] = await Promise.all([
    startChatDevice(cleanup, relay, alice),
    startChatDevice(cleanup, relay, bob),
  ])
  forger = await createForger(cleanup, relay, mallory)
  const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'the real one' })
  await waitForChat(b1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the real invite')
  ;({ topic } = await acceptInvite(b1.chat, { id: sent.id }))
  await waitForChat(a1, (s) => s.threads[topic] !== undefined, 'the thread on Alice')
  await sendMessage(a1.chat, { topic, message: 'a real message' })
  await waitForChat(b1, (s) => s.threads[topic]?.messages.length === 1, 'the real message')
  const { receivedInvites, threads } = getChatState(b1.chat)
  before = { receivedInvites, threads }
  expect(b1.errors).toEqual([])
})

describe('forged and replayed invites', () => {
  test('behavior: an invite signed with another key than the identity it names (Alice’s) is dropped: bad-signature', async () => {
    const aliceIdentity = getChatState(a1.chat).identityKey!
    const { envelope, topic: inviteTopic } = inviteOf({ claims: { iss: aliceIdentity } })
    const errors = await reported(b1, 1, () => forger.publish(inviteTopic, envelope))
    expect(errors).toEqual([{ name: 'ChatPayloadRejectedError', reason: 'bad-signature', kind: 'invite' }])
    intact()
  })

  test('behavior: an identity key the directory does not know is dropped: unknown-identity', async () => {
    const stranger = await createForger(cleanup, relay, await createWallet(), { register: false })
    const { envelope, topic: inviteTopic } = stranger.invite({
      inviteePublicKey: bobKey(),
      inviteeAccount: bob.account,
    })
    const errors = await reported(b1, 1, () => forger.publish(inviteTopic, envelope))
    expect(errors).toEqual([{ name: 'ChatPayloadRejectedError', reason: 'unknown-identity', kind: 'invite' }])
    intact()
  })

  test('behavior: a directory that vouches for Mallory’s key as Alice’s (a CACAO signed by the wrong wallet) is not believed: invalid-cacao', async () => {
    const cacao = await makeCacao({
      account: alice.account,
      identityKey: forger.identityKey,
      signer: mallory.wallet,
    })
    const evil = await startEvilKeysServer(cleanup, relay.keysUrl, { identityKey: forger.identityKey, cacao })
    const b2 = await startChatDevice(cleanup, relay, bob, { keysServerUrl: evil })
    const { envelope, topic: inviteTopic } = inviteOf({})
    const errors = await reported(b2, 1, () => forger.publish(inviteTopic, envelope))
    expect(errors).toEqual([{ name: 'ChatPayloadRejectedError', reason: 'invalid-cacao', kind: 'invite' }])
    // B2 shows the real invite (from its history), and nothing of Mallory's.
    await waitForChat(b2, (s) => Object.keys(s.receivedInvites).length === 1, 'the real invite on B2')
    expect(Object.values(getChatState(b2.chat).receivedInvites).map((i) => i.inviterAccount)).toEqual([
      alice.account,
    ])
    // Bob's other device, on the honest directory, takes it for what it is: an invite from Mallory.
    await waitForChat(b1, (s) => Object.keys(s.receivedInvites).length === 2, 'Mallory’s own invite on B1')
    const fromMallory = Object.values(getChatState(b1.chat).receivedInvites).find(
      (i) => i.message === 'from the forger',
    )
    expect(fromMallory?.inviterAccount).toBe(mallory.account)
    before = {
      receivedInvites: getChatState(b1.chat).receivedInvites,
      threads: getChatState(b1.chat).threads,
    }
  })

  test('behavior: an inviter named in a plain field is ignored: the invite is from the identity that signed it', async () => {
    const real = inviteOf({})
    const { envelope } = inviteOf({
      id: Date.now() * 1000 + 7,
      params: { inviteAuth: real.inviteAuth, inviterAccount: alice.account },
    })
    const errors = await reported(b1, 1, () => forger.publish(real.topic, envelope))
    // Another envelope key (Y) than the claims name: the claims were lifted from another invite.
    expect(errors).toEqual([{ name: 'ChatPayloadRejectedError', reason: 'mismatch', kind: 'invite' }])
    intact()
  })

  test('behavior: an expired inviteAuth is dropped: expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 2 * 86_400
    const { envelope, topic: inviteTopic } = inviteOf({ claims: { iat: past, exp: past + 86_400 } })
    const errors = await reported(b1, 1, () => forger.publish(inviteTopic, envelope))
    expect(errors).toEqual([{ name: 'ChatPayloadRejectedError', reason: 'expired', kind: 'invite' }])
    intact()
  })

  test('behavior: an invite replayed (the same envelope again, or its claims under a new id) is dropped: replayed', async () => {
    const first = inviteOf({})
    await forger.publish(first.topic, first.envelope)
    await waitForChat(b1, (s) => Object.keys(s.receivedInvites).length === 3, 'the first copy')
    before = {
      receivedInvites: getChatState(b1.chat).receivedInvites,
      threads: getChatState(b1.chat).threads,
    }
    const again = inviteOf({
      id: Date.now() * 1000 + 11,
      params: { inviteAuth: first.inviteAuth },
      y: first.y,
    })
    const errors = await reported(b1, 2, async () => {
      await forger.publish(first.topic, first.envelope)
      await forger.publish(first.topic, again.envelope)
    })
    expect(errors).toEqual([
      { name: 'ChatPayloadRejectedError', reason: 'replayed', kind: 'invite' },
      { name: 'ChatPayloadRejectedError', reason: 'replayed', kind: 'invite' },
    ])
    intact()
  })

  test('behavior: an invite for another account, or over 200 characters, is dropped', async () => {
    const forAlice = inviteOf({ claims: { aud: `did:pkh:${alice.account}` } })
    const long = inviteOf({ claims: { sub: 'z'.repeat(201) } })
    const errors = await reported(b1, 2, async () => {
      await forger.publish(forAlice.topic, forAlice.envelope)
      await forger.publish(long.topic, long.envelope)
    })
    expect(errors).toEqual([
      { name: 'ChatPayloadRejectedError', reason: 'wrong-account', kind: 'invite' },
      { name: 'ChatPayloadRejectedError', reason: 'too-long', kind: 'invite' },
    ])
    intact()
  })

  test('behavior: garbage on the invite topic is dropped with typed errors', async () => {
    const inviteTopic = inviteOf({}).topic
    const notJson = inviteOf({})
    const wrongMethod = forger.invite({ inviteePublicKey: bobKey(), inviteeAccount: bob.account, params: {} })
    const errors = await reported(b1, 4, async () => {
      await forger.publish(inviteTopic, '***')
      await forger.publish(inviteTopic, forger.seal('11'.repeat(32), '{"type":"0 on a type-1 topic"}'))
      await forger.publish(inviteTopic, `${notJson.envelope.slice(0, -8)}AAAAAAA=`)
      await forger.publish(inviteTopic, wrongMethod.envelope)
    })
    expect(errors).toEqual([
      { name: 'TopicMessageError', reason: 'malformed', kind: undefined },
      { name: 'TopicMessageError', reason: 'wrong-type', kind: undefined },
      { name: 'TopicMessageError', reason: 'undecryptable', kind: undefined },
      { name: 'ChatPayloadRejectedError', reason: 'malformed', kind: 'invite' },
    ])
    intact()
  })
})

describe('hostile input on a thread', () => {
  const threadKey = () => b1.session.state.getState().stores.threads.byKey[topic]!.symKey
  const message = (
    claims: Record<string, unknown>,
    id = Date.now() * 1000 + Math.floor(Math.random() * 1000),
  ) => {
    const messageAuth = forger.sign({
      act: 'chat_message',
      sub: 'forged',
      aud: `did:pkh:${bob.account}`,
      ...claims,
    })
    return forger.seal(
      threadKey(),
      JSON.stringify({ id, jsonrpc: '2.0', method: 'wc_chatMessage', params: { messageAuth } }),
    )
  }

  test('behavior: a message by someone outside the thread, or written for another thread, is dropped', async () => {
    // Mallory learned the thread key: her messages are still hers, and she is not of the thread.
    const errors = await reported(b1, 2, async () => {
      await forger.publish(topic, message({}), 2002)
      await forger.publish(topic, message({ tpc: 'another thread' }), 2002)
    })
    expect(errors).toEqual([
      { name: 'ChatPayloadRejectedError', reason: 'wrong-account', kind: 'message' },
      { name: 'ChatPayloadRejectedError', reason: 'mismatch', kind: 'message' },
    ])
    intact()
  })

  test('behavior: Alice’s real message published again (by the relay, or anyone who read it) is dropped: replayed', async () => {
    const stored = await forger.stored(topic)
    const original = stored.find((m) => m.tag === 2002)!
    const errors = await reported(b1, 1, () => forger.publish(topic, original.message, 2002))
    expect(errors).toEqual([{ name: 'ChatPayloadRejectedError', reason: 'replayed', kind: 'message' }])
    intact()
  })

  test('default: no secret in any error', () => {
    const threadSymKey = threadKey()
    const text = b1.errors.map((error) => `${error.message} ${error.details}`).join('\n')
    expect(text).not.toContain(threadSymKey)
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/)
  })
})
