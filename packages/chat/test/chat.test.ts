import { createWallet } from '@chatsync/test'
import { createCleanup } from '@chatsync/test/node'
import { afterAll, describe, expect, test } from 'vitest'
import { acceptInvite, getChatState, sendInvite, sendMessage } from '../src/index.js'
import { startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

const cleanup = createCleanup()
afterAll(cleanup.run)

describe('two accounts', () => {
  test('smoke: invite, accept, message', async () => {
    const relay = await startChatRelay(cleanup)
    const [alice, bob] = await Promise.all([createWallet(), createWallet()])
    const a1 = await startChatDevice(cleanup, relay, alice)
    const b1 = await startChatDevice(cleanup, relay, bob)
    await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'hi bob' })
    await waitForChat(b1, (s) => Object.keys(s.receivedInvites).length === 1, 'the invite on bob')
    const invite = Object.values(getChatState(b1.chat).receivedInvites)[0]!
    expect(invite).toMatchObject({ message: 'hi bob', inviterAccount: alice.account, status: 'pending' })
    const thread = await acceptInvite(b1.chat, { id: invite.id })
    await waitForChat(a1, (s) => s.threads[thread.topic] !== undefined, 'the thread on alice')
    await waitForChat(b1, (s) => s.threads[thread.topic] !== undefined, 'the thread on bob')
    await sendMessage(a1.chat, { topic: thread.topic, message: 'hello' })
    await waitForChat(b1, (s) => s.threads[thread.topic]!.messages.length === 1, 'the message on bob')
    await waitForChat(
      a1,
      (s) => s.threads[thread.topic]!.messages[0]?.status === 'delivered',
      'the receipt on alice',
    )
    expect(a1.errors).toEqual([])
    expect(b1.errors).toEqual([])
  })
})
