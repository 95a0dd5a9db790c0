import { createWallet, type TestWallet, waitFor } from '@chatsync/test'
import { createCleanup } from '@chatsync/test/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  acceptInvite,
  type ChatThread,
  getChatState,
  leaveThread,
  rejectInvite,
  rotateInviteKey,
  sendInvite,
  sendMessage,
  unregisterInviteKey,
} from '../src/index.js'
import { type ChatDevice, startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

/*
 * Two accounts, three devices (Alice on A1 and A2, Bob on B1), real cores on the dev relay, the key
 * directory taking signed invite keys only. The tests of this file run in order on the same devices.
 */

const cleanup = createCleanup()
afterAll(cleanup.run)

let relay: Awaited<ReturnType<typeof startChatRelay>>
let alice: TestWallet
let bob: TestWallet
let a1: ChatDevice
let a2: ChatDevice
let b1: ChatDevice
let thread: ChatThread

const messagesOf = (device: ChatDevice, topic: string) =>
  (getChatState(device.chat).threads[topic]?.messages ?? []).map(
    (m) => `${m.authorAccount === alice.account ? 'A' : 'B'}: ${m.message}`,
  )

beforeAll(async () => {
  relay = await startChatRelay(cleanup)
  ;[alice, bob] = await Promise.all([createWallet(), createWallet()])
  ;[a1, a2, b1] = await Promise.all([
    startChatDevice(cleanup, relay, alice),
    startChatDevice(cleanup, relay, alice),
    startChatDevice(cleanup, relay, bob),
  ])
})

describe('two accounts, three devices', () => {
  test('default: one invite key per account, in the store and the directory, and one identity per device', async () => {
    await waitForChat(
      a2,
      (s) => s.inviteKey === getChatState(a1.chat).inviteKey,
      'one invite key on both of Alice’s devices',
    )
    const resolved = await a1.chat.keysServer.resolveInviteKey(alice.account)
    expect(resolved).toBeDefined()
    expect(getChatState(a1.chat).identityKey).not.toBe(getChatState(a2.chat).identityKey)
    // Each device was asked twice: the sync message, then its identity key.
    expect(a1.signed).toHaveLength(2)
    expect(a1.signed[1]).toContain('chat.test wants you to sign in with your Ethereum account:')
  })

  test('behavior: an invite from A1 shows on B1 with the verified inviter; A2 shows it sent', async () => {
    const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'Hi Bob, chat?' })
    await waitForChat(b1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on B1')
    expect(getChatState(b1.chat).receivedInvites[String(sent.id)]).toMatchObject({
      message: 'Hi Bob, chat?',
      inviterAccount: alice.account,
      inviteeAccount: bob.account,
      status: 'pending',
    })
    await waitForChat(
      a2,
      (s) => s.sentInvites[sent.responseTopic]?.status === 'pending',
      'the sent invite on A2',
    )
    expect(JSON.stringify(getChatState(a2.chat))).not.toMatch(/PrivKey|symKey/)
  })

  test('behavior: with A1 offline, B1 accepts and A2 completes the answer: the thread on both accounts', async () => {
    await a1.shutdown()
    const invite = Object.values(getChatState(b1.chat).receivedInvites)[0]!
    const accepted = await acceptInvite(b1.chat, { id: invite.id })
    await waitForChat(a2, (s) => s.threads[accepted.topic] !== undefined, 'the thread on A2')
    await waitForChat(
      a2,
      (s) => Object.values(s.sentInvites)[0]?.status === 'approved',
      'the invite approved on A2',
    )
    await waitForChat(
      b1,
      (s) => s.receivedInvites[String(invite.id)]?.status === 'approved',
      'the invite approved on B1',
    )
    thread = getChatState(a2.chat).threads[accepted.topic]!
    expect(thread).toMatchObject({
      selfAccount: alice.account,
      peerAccount: bob.account,
      isLeftByPeer: false,
    })
    expect(getChatState(b1.chat).threads[accepted.topic]).toMatchObject({
      selfAccount: bob.account,
      peerAccount: alice.account,
    })
  })

  test('behavior: messages both ways, with receipts', async () => {
    await sendMessage(a2.chat, { topic: thread.topic, message: 'Hello from A2' })
    await waitForChat(b1, (s) => s.threads[thread.topic]?.messages.length === 1, 'A2’s message on B1')
    await waitForChat(
      a2,
      (s) => s.threads[thread.topic]?.messages[0]?.status === 'delivered',
      'B1’s receipt on A2',
    )
    await sendMessage(b1.chat, { topic: thread.topic, message: 'Hi Alice' })
    await waitForChat(a2, (s) => s.threads[thread.topic]?.messages.length === 2, 'B1’s message on A2')
    await waitForChat(
      b1,
      (s) => s.threads[thread.topic]?.messages[1]?.status === 'delivered',
      'A2’s receipt on B1',
    )
    expect(messagesOf(a2, thread.topic)).toEqual(['A: Hello from A2', 'B: Hi Alice'])
    expect(messagesOf(b1, thread.topic)).toEqual(['A: Hello from A2', 'B: Hi Alice'])
  })

  test('behavior: a device that took no part (A1 back, and a new A3) shows the whole conversation', async () => {
    const back = await startChatDevice(cleanup, relay, alice, { dir: a1.dir, prefix: a1.prefix })
    const a3 = await startChatDevice(cleanup, relay, alice)
    for (const device of [back, a3]) {
      await waitForChat(device, (s) => s.threads[thread.topic]?.messages.length === 2, 'the conversation')
      expect(messagesOf(device, thread.topic)).toEqual(['A: Hello from A2', 'B: Hi Alice'])
      expect(Object.values(getChatState(device.chat).sentInvites).map((i) => i.status)).toEqual(['approved'])
    }
    // A1 came back with its identity: the wallet was not asked again.
    expect(back.signed).toEqual([])
    a1 = back
  })

  test('behavior: a rejected invite shows rejected on every device of both accounts', async () => {
    const sent = await sendInvite(b1.chat, { inviteeAccount: alice.account, message: 'Another one?' })
    await waitForChat(a2, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on A2')
    await waitForChat(a1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on A1')
    await rejectInvite(a1.chat, { id: sent.id })
    await waitForChat(a2, (s) => s.receivedInvites[String(sent.id)]?.status === 'rejected', 'rejected on A2')
    await waitForChat(b1, (s) => s.sentInvites[sent.responseTopic]?.status === 'rejected', 'rejected on B1')
    await expect(acceptInvite(a2.chat, { id: sent.id })).rejects.toMatchObject({ name: 'ChatNotFoundError' })
  })

  test('behavior: leaving removes the thread on every device of the account; the peer sees it left', async () => {
    await leaveThread(b1.chat, { topic: thread.topic })
    expect(getChatState(b1.chat).threads[thread.topic]).toBeUndefined()
    await waitForChat(a2, (s) => s.threads[thread.topic]?.isLeftByPeer === true, 'the leave on A2')
    await waitForChat(a1, (s) => s.threads[thread.topic]?.isLeftByPeer === true, 'the leave on A1')
    await expect(
      sendMessage(b1.chat, { topic: thread.topic, message: 'still there?' }),
    ).rejects.toMatchObject({
      name: 'ChatNotFoundError',
    })
  })

  test('behavior: a rotated invite key is the one invites reach; an unregistered one leaves the account uninvitable', async () => {
    const before = getChatState(b1.chat).inviteKey
    const rotated = await rotateInviteKey(b1.chat)
    expect(rotated).not.toBe(before)
    const sent = await sendInvite(a2.chat, { inviteeAccount: bob.account, message: 'to the new key' })
    await waitForChat(
      b1,
      (s) => s.receivedInvites[String(sent.id)] !== undefined,
      'the invite to the new key',
    )
    await unregisterInviteKey(b1.chat)
    await waitForChat(b1, (s) => s.inviteKey === undefined, 'no invite key on B1')
    await expect(
      sendInvite(a2.chat, { inviteeAccount: bob.account, message: 'hello?' }),
    ).rejects.toMatchObject({
      name: 'InviteeNotFoundError',
    })
    // Deleted on purpose: the next start does not make a new one.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await b1.chat.keysServer.resolveInviteKey(bob.account)).toBeUndefined()
  })

  test('parameters: limits are errors, never cuts; a bare address is an eip155:1 account', async () => {
    const topic = Object.keys(getChatState(a2.chat).threads)[0]!
    await expect(sendMessage(a2.chat, { topic, message: 'x'.repeat(1001) })).rejects.toMatchObject({
      name: 'MessageTooLongError',
      limit: 1000,
      length: 1001,
    })
    await expect(sendMessage(a2.chat, { topic, message: '  \n ' })).rejects.toMatchObject({
      name: 'EmptyMessageError',
    })
    // 1,000 characters that take 2,000 UTF-16 units are within the limit.
    await sendMessage(a2.chat, { topic, message: '😀'.repeat(1000) })
    await expect(
      sendInvite(a2.chat, { inviteeAccount: bob.account, message: 'y'.repeat(201) }),
    ).rejects.toMatchObject({
      name: 'MessageTooLongError',
      limit: 200,
    })
    const typo = sendInvite(a2.chat, { inviteeAccount: '0x1234', message: '' })
    await expect(typo).rejects.toMatchObject({ name: 'InvalidInviteeError', reason: 'not-an-account' })
    await expect(typo).rejects.toThrow(/eip155:1:0x/)
    await expect(
      sendInvite(a2.chat, { inviteeAccount: alice.account.toLowerCase(), message: '' }),
    ).rejects.toMatchObject({
      name: 'InvalidInviteeError',
      reason: 'self',
    })
    const carol = await createWallet()
    const c1 = await startChatDevice(cleanup, relay, carol)
    const bare = carol.account.split(':')[2]!
    const sent = await sendInvite(a2.chat, { inviteeAccount: ` ${bare} `, message: '' })
    expect(sent.inviteeAccount).toBe(`eip155:1:${bare}`)
    await waitFor(() => Object.keys(getChatState(c1.chat).receivedInvites).length === 1, {
      what: 'the invite on Carol',
    })
  })

  test('default: no device reported an error along the way', () => {
    for (const device of [a1, a2, b1]) expect(device.errors.map((e) => e.message)).toEqual([])
  })
})
