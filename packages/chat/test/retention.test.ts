import { createWallet } from '@chatsync/test'
import { createCleanup, startTestCore } from '@chatsync/test/node'
import { afterAll, expect, test } from 'vitest'
import { acceptInvite, getChatState, sendInvite, sendMessage } from '../src/index.js'
import { startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

/*
 * Days compressed into seconds: the relay keeps a message 16 s, the engine and the chat publish again
 * what is 6 to 11 s old, and the claims devices sign expire after 4 s. The conversation outlives the
 * relay's retention, and a device added afterwards, with every other device offline, shows all of it.
 */

const cleanup = createCleanup()
afterAll(cleanup.run)

const RETENTION = { ttlSeconds: 16, refreshAfterSeconds: 6 }

test('behavior: a device added after the retention, with every other device offline, shows the whole conversation', async () => {
  const relay = await startChatRelay(cleanup, { maxTtlSeconds: RETENTION.ttlSeconds })
  const [alice, bob] = await Promise.all([createWallet(), createWallet()])
  const options = { retention: RETENTION, jwtTtlSeconds: 4 }
  const a1 = await startChatDevice(cleanup, relay, alice, options)
  const b1 = await startChatDevice(cleanup, relay, bob, options)
  const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'long ago' })
  await waitForChat(b1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite')
  const { topic } = await acceptInvite(b1.chat, { id: sent.id })
  await waitForChat(a1, (s) => s.threads[topic] !== undefined, 'the thread on A1')
  const conversation = ['A: one', 'B: two', 'A: three', 'B: four']
  for (const line of conversation) {
    const [who, text] = line.split(': ') as ['A' | 'B', string]
    await sendMessage((who === 'A' ? a1 : b1).chat, { topic, message: text })
  }
  const shown = (state: ReturnType<typeof getChatState>) =>
    (state.threads[topic]?.messages ?? []).map(
      (m) => `${m.authorAccount === alice.account ? 'A' : 'B'}: ${m.message}`,
    )
  await waitForChat(
    a1,
    (s) => shown(s).length === 4 && s.threads[topic]!.messages.every((m) => m.status === 'delivered'),
    'all delivered on A1',
  )
  await waitForChat(b1, (s) => shown(s).length === 4, 'all on B1')

  // Past the retention, with both devices online keeping the thread alive.
  const started = Date.now()
  await new Promise((resolve) => setTimeout(resolve, (RETENTION.ttlSeconds + 3) * 1000))
  const observer = cleanup.trackCore(await startTestCore(relay.url))
  const stored = (await observer.core.relayer.request({
    method: 'irn_batchFetchMessages',
    params: { topics: [topic] },
  })) as unknown as {
    messages: { tag: number; publishedAt: number }[]
  }
  // The originals (and receipts) are gone; copies of the four messages, each newer than the retention, remain.
  expect(stored.messages.filter((m) => m.tag === 2002 || m.tag === 2003)).toEqual([])
  const copies = stored.messages.filter((m) => m.tag === 2010)
  expect(copies.length).toBeGreaterThanOrEqual(4)
  expect(copies.every((m) => m.publishedAt > started)).toBe(true)

  await Promise.all([a1.shutdown(), b1.shutdown()])
  const a3 = await startChatDevice(cleanup, relay, alice, options)
  await waitForChat(
    a3,
    (s) => shown(s).length === 4,
    'the conversation on a device added after the retention',
  )
  expect(shown(getChatState(a3.chat))).toEqual(conversation)
  // Alice's messages carry Bob's receipts in their copies.
  expect(getChatState(a3.chat).threads[topic]!.messages.map((m) => m.status)).toEqual([
    'delivered',
    'delivered',
    'delivered',
    'delivered',
  ])
  const b2 = await startChatDevice(cleanup, relay, bob, options)
  await waitForChat(b2, (s) => shown(s).length === 4, 'the conversation on Bob’s new device')
  for (const device of [a1, b1, a3, b2]) expect(device.errors.map((e) => e.message)).toEqual([])
}, 120_000)
