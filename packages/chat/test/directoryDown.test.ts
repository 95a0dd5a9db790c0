import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createWallet } from '@chatsync/test'
import { createCleanup } from '@chatsync/test/node'
import { afterAll, expect, test } from 'vitest'
import { acceptInvite, getChatState, sendInvite, sendMessage } from '../src/index.js'
import { startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

const cleanup = createCleanup()
afterAll(cleanup.run)

/** A key directory in front of the relay's that can be made to fail (HTTP 503) and come back. */
async function startSwitchableDirectory(target: string) {
  const state = { down: false, refused: 0 }
  const server = createServer(async (request, response) => {
    if (state.down) {
      state.refused++
      response.writeHead(503).end()
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body,
    })
    response.writeHead(answer.status, { 'content-type': 'application/json' })
    response.end(Buffer.from(await answer.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.add(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
}

test('behavior: a receipt whose signer cannot be looked up (the directory down) waits, and the messages after it still show', async () => {
  const relay = await startChatRelay(cleanup)
  const directory = await startSwitchableDirectory(relay.keysUrl)
  const [alice, bob] = await Promise.all([createWallet(), createWallet()])
  const [a1, b1] = await Promise.all([
    startChatDevice(cleanup, relay, alice, { keysServerUrl: directory.url }),
    startChatDevice(cleanup, relay, bob),
  ])
  const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'chat?' })
  await waitForChat(b1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on B1')
  const { topic } = await acceptInvite(b1.chat, { id: sent.id })
  await waitForChat(a1, (s) => s.threads[topic] !== undefined, 'the thread on A1')
  await sendMessage(b1.chat, { topic, message: 'one' })
  await waitForChat(a1, (s) => s.threads[topic]?.messages.length === 1, 'B1’s message on A1')

  // Bob's second device, which A1 has never heard from, is the only one of his online.
  const b2 = await startChatDevice(cleanup, relay, bob)
  await waitForChat(b2, (s) => s.threads[topic]?.messages.length === 1, 'the thread on B2')
  await b1.shutdown()
  directory.down = true

  // B2 acknowledges A1's message (its receipt is signed by B2's identity key), then writes.
  await sendMessage(a1.chat, { topic, message: 'two' })
  await waitForChat(b2, (s) => s.threads[topic]?.messages.length === 2, 'A1’s message on B2')
  await sendMessage(b2.chat, { topic, message: 'three' })
  await waitForChat(
    b2,
    (s) => s.threads[topic]?.messages[2]?.status === 'published',
    'B2’s message published',
  )
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  expect(directory.refused).toBeGreaterThan(0)
  // Nothing from B2 is shown unverified while the directory is down.
  expect(getChatState(a1.chat).threads[topic]?.messages.map((m) => m.message)).toEqual(['one', 'two'])
  expect(getChatState(a1.chat).threads[topic]?.messages[1]?.status).not.toBe('delivered')
  expect(a1.errors.some((error) => error.name === 'KeysServerError')).toBe(true)

  directory.down = false
  await waitForChat(
    a1,
    (s) => s.threads[topic]?.messages.map((m) => m.message).join() === 'one,two,three',
    'B2’s message on A1 once the directory is back',
  )
  await waitForChat(
    a1,
    (s) => s.threads[topic]?.messages[1]?.status === 'delivered',
    'B2’s receipt of A1’s message, verified once the directory is back',
  )
  expect(a1.errors.filter((error) => error.name !== 'KeysServerError')).toEqual([])
})
