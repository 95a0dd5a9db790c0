import { createWallet } from '@chatsync/test'
import { createCleanup } from '@chatsync/test/node'
import { afterAll, expect, test } from 'vitest'
import { acceptInvite, getChatState, sendInvite, sendMessage } from '../src/index.js'
import { startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

const cleanup = createCleanup()
afterAll(cleanup.run)

test('behavior: a chat unmounted and mounted again at once (StrictMode) keeps what arrived just before, on screen and in storage', async () => {
  const relay = await startChatRelay(cleanup)
  const [alice, bob] = await Promise.all([createWallet(), createWallet()])
  const [a1, b1] = await Promise.all([
    startChatDevice(cleanup, relay, alice),
    startChatDevice(cleanup, relay, bob),
  ])
  const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'chat?' })
  await waitForChat(b1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on B1')
  const { topic } = await acceptInvite(b1.chat, { id: sent.id })
  await waitForChat(a1, (s) => s.threads[topic] !== undefined, 'the thread on A1')
  const texts = () =>
    getChatState(a1.chat)
      .threads[topic]?.messages.map((m) => m.message)
      .join()

  const expected: string[] = []
  for (let round = 1; round <= 5; round++) {
    const message = `message ${round}`
    expected.push(message)
    await sendMessage(b1.chat, { topic, message })
    // Remounted as soon as it shows, before its 100 ms write delay has passed.
    await waitForChat(a1, () => texts() === expected.join(), `${message} on A1`)
    a1.remountChat()
    await waitForChat(
      a1,
      (s) => s.status === 'ready' && s.threads[topic] !== undefined,
      `A1 ready again after remount ${round}`,
    )
    expect(texts()).toBe(expected.join())
  }

  // What the device kept: a restart on its storage (the relay hands this client nothing again).
  await a1.shutdown()
  const again = await startChatDevice(cleanup, relay, alice, { dir: a1.dir, prefix: a1.prefix })
  await waitForChat(again, (s) => s.threads[topic]?.messages.length === 5, 'the kept thread after a restart')
  expect(getChatState(again.chat).threads[topic]?.messages.map((m) => m.message)).toEqual(expected)
  expect([...a1.errors, ...again.errors, ...b1.errors]).toEqual([])
})
