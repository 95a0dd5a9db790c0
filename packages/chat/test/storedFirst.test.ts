import { join } from 'node:path'
import { createWallet, waitFor } from '@chatsync/test'
import { createCleanup, printFigure } from '@chatsync/test/node'
import { Core } from '@walletconnect/core'
import { afterAll, expect, test } from 'vitest'
import { acceptInvite, createChatConfig, getChatState, sendInvite, sendMessage } from '../src/index.js'
import { startChatDevice, startChatRelay, waitForChat } from './chatKit.js'

/*
 * A device that chatted before shows its threads with their messages as soon as its config mounts: before
 * its core has started (an app makes the core at once and lets its sign client start it), without asking
 * the wallet anything. Once the core starts, it sends and receives as before.
 */

const cleanup = createCleanup()
afterAll(cleanup.run)

/** Alice's device that chatted with Bob (three messages of his) and stopped; its core, made again, not started. */
async function chattedBefore() {
  const relay = await startChatRelay(cleanup)
  const [alice, bob] = await Promise.all([createWallet(), createWallet()])
  const [a1, b1] = await Promise.all([
    startChatDevice(cleanup, relay, alice),
    startChatDevice(cleanup, relay, bob),
  ])
  const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: 'Chat?' })
  await waitForChat(b1, (s) => s.receivedInvites[String(sent.id)] !== undefined, 'the invite on B1')
  const { topic } = await acceptInvite(b1.chat, { id: sent.id })
  await waitForChat(a1, (s) => s.threads[topic] !== undefined, 'the thread on A1')
  for (const message of ['one', 'two', 'three']) await sendMessage(b1.chat, { topic, message })
  await waitForChat(a1, (s) => s.threads[topic]?.messages.length === 3, 'three messages on A1')
  await a1.shutdown()
  // The core an app makes synchronously; its sign client starts it later.
  const core = new Core({
    relayUrl: relay.url,
    projectId: 'chatsync-test',
    customStoragePrefix: a1.prefix,
    storageOptions: { database: join(a1.dir, 'db') },
    logger: 'silent',
  })
  cleanup.add(async () => {
    await core.relayer.transportClose().catch(() => {})
    core.heartbeat.stop()
  })
  return { relay, alice, b1, topic, core }
}

test('behavior: a config on a core not started yet shows the stored threads and messages, then goes live', async () => {
  const { relay, alice, b1, topic, core } = await chattedBefore()
  let start: () => void = () => {}
  const coreReady = new Promise<void>((resolve) => {
    start = resolve
  })
  const asked: string[] = []
  const config = createChatConfig({
    core,
    coreReady,
    signer: {
      signMessage: async ({ message }) => {
        asked.push(message)
        return '0x'
      },
    },
    keysServerUrl: relay.keysUrl,
    chat: { domain: 'chat.test' },
  })
  const mounted = Date.now()
  const unmount = config.mount()
  cleanup.add(async () => {
    unmount()
    await config.chat.destroy()
    await config.client.destroy()
  })
  await waitFor(() => getChatState(config.chat).threads[topic]?.messages.length === 3, {
    what: 'the stored thread before the core started',
  })
  printFigure(
    'chat: stored state first',
    'config mount (core not started) to the stored thread shown (ms)',
    Date.now() - mounted,
  )
  expect(getChatState(config.chat)).toMatchObject({ account: alice.account, isLoaded: true })
  expect(getChatState(config.chat).threads[topic]?.messages.map((m) => m.message)).toEqual([
    'one',
    'two',
    'three',
  ])
  expect(core.relayer.connected).toBe(false)
  // The identity came from storage: nothing was asked.
  await waitFor(() => getChatState(config.chat).status === 'ready', { what: 'the kept identity' })
  expect(asked).toEqual([])

  await core.start()
  start()
  await sendMessage(b1.chat, { topic, message: 'four' })
  await waitFor(() => getChatState(config.chat).threads[topic]?.messages.length === 4, {
    what: 'a new message once the core started',
  })
  await sendMessage(config.chat, { topic, message: 'back' })
  await waitForChat(
    b1,
    (s) => s.threads[topic]?.messages.some((m) => m.message === 'back') === true,
    'the answer on B1',
  )
  expect(asked).toEqual([])
})

test('behavior: a config that starts its core itself does so once the stored chat shows', async () => {
  const { relay, topic, core } = await chattedBefore()
  const shownWhenStarted: number[] = []
  const config = createChatConfig({
    core,
    coreReady: () => {
      shownWhenStarted.push(getChatState(config.chat).threads[topic]?.messages.length ?? 0)
      return core.start()
    },
    keysServerUrl: relay.keysUrl,
    chat: { domain: 'chat.test' },
  })
  const unmount = config.mount()
  cleanup.add(async () => {
    unmount()
    await config.chat.destroy()
    await config.client.destroy()
  })
  await waitFor(() => config.getState().status === 'ready', { what: 'the account live' })
  expect(shownWhenStarted).toEqual([3])
})
