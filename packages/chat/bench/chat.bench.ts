/**
 * Chat figures on the development relay, in Node, with the packages as they ship (their builds, which
 * `pnpm bench:chat` makes first): real `@walletconnect/core` clients, identities verified against the
 * relay's key directory.
 *
 * 1. invite → shown on the invitee (20 invites, each timed from `sendInvite` to the invitee's state)
 * 2. accept → the thread on both sides (10 invites accepted)
 * 3. message A → B (200 messages one after another, from `sendMessage` to the other side's state)
 * 4. a new device of A showing a 1,000-message thread (3 new devices; from `chat.mount()` with the session
 *    ready, and from the start of the device: core, sync signature and catch-up, identity signature, chat)
 *
 * Run: `pnpm bench:chat` (about a minute). Figures depend on the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  acceptInvite,
  type ChatClient,
  type ChatState,
  createChatClient,
  getChatState,
  sendInvite,
  sendMessage,
} from '@chatsync/chat'
import { createChatSync, createChatSyncSession } from '@chatsync/core'
import { startDevRelay } from '@chatsync/dev-relay'
import { Core } from '@walletconnect/core'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

process.env.DISABLE_GLOBAL_CORE = 'true'
const dirs: string[] = []
const stops: (() => Promise<void>)[] = []

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const ms = (value: number) => `${value.toFixed(1)} ms`
/** Polls (for set-up steps, not timed). */
const until = async (predicate: () => boolean, what: string, timeoutMs = 60_000) => {
  const started = performance.now()
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
/** When the chat's state first satisfies `predicate` (a state subscription: no polling in the way). */
const whenState = (chat: ChatClient, predicate: (state: ChatState) => boolean, what: string) =>
  new Promise<number>((resolve, reject) => {
    if (predicate(getChatState(chat))) return resolve(performance.now())
    const timer = setTimeout(() => {
      off()
      reject(new Error(`timed out: ${what}`))
    }, 60_000)
    const off = chat.state.subscribe((state) => {
      if (!predicate(state)) return
      const at = performance.now()
      off()
      clearTimeout(timer)
      resolve(at)
    })
  })

const wallet = () => {
  const account = privateKeyToAccount(generatePrivateKey())
  return {
    account: `eip155:1:${account.address}`,
    signer: { signMessage: ({ message }: { message: string }) => account.signMessage({ message }) },
  }
}
type Wallet = ReturnType<typeof wallet>

async function startDevice(
  relay: { url: string; keysUrl: string },
  { account, signer }: Wallet,
  { mount = true } = {},
) {
  const started = performance.now()
  const dir = mkdtempSync(join(tmpdir(), 'chatsync-bench-chat-'))
  dirs.push(dir)
  const core = new Core({
    relayUrl: relay.url,
    projectId: 'bench',
    customStoragePrefix: `bench-${dirs.length}`,
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  await core.start()
  const client = createChatSync({ core })
  const session = createChatSyncSession({ client, account, signer })
  const unmountSession = session.mount()
  await until(() => session.getState().status === 'ready', 'the session ready')
  const sessionReady = performance.now()
  const chat = createChatClient({
    session,
    core,
    keysServerUrl: relay.keysUrl,
    signer,
    domain: 'bench.local',
  })
  const errors: unknown[] = []
  chat.on('error', ({ error }) => errors.push(error))
  let unmountChat = () => {}
  const mounted = mount ? performance.now() : 0
  if (mount) unmountChat = chat.mount()
  const stop = async () => {
    unmountChat()
    await chat.destroy()
    unmountSession()
    await client.destroy()
    await core.relayer.transportClose().catch(() => {})
    core.heartbeat.stop()
  }
  stops.push(stop)
  return {
    chat,
    errors,
    started,
    sessionReady,
    mounted,
    stop,
    mount: () => {
      unmountChat = chat.mount()
    },
  }
}

async function main() {
  const relay = (await startDevRelay({ port: 0, keyDirectory: { acceptUnsignedInviteKeys: false } })) as {
    url: string
    keysUrl: string
    close(): Promise<void>
  }
  const log = (line: string) => console.log(line)
  log(
    `chatsync chat bench · Node ${process.version} · ${availableParallelism()} cores · load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  const alice = wallet()
  const bob = wallet()
  const a1 = await startDevice(relay, alice)
  const b1 = await startDevice(relay, bob)
  for (const device of [a1, b1])
    await whenState(device.chat, (s) => s.status === 'ready' && !!s.inviteKey, 'chat ready')

  // 1. invite → shown on the invitee
  const inviteTimes: number[] = []
  const invites: number[] = []
  for (let n = 0; n < 20; n++) {
    const before = Object.keys(getChatState(b1.chat).receivedInvites).length
    const t0 = performance.now()
    const shownAt = whenState(
      b1.chat,
      (s) => Object.keys(s.receivedInvites).length > before,
      'an invite shown',
    )
    const sent = await sendInvite(a1.chat, { inviteeAccount: bob.account, message: `invite ${n}` })
    const shown = await shownAt
    inviteTimes.push(shown - t0)
    invites.push(sent.id)
  }
  log(
    `invite → shown on the invitee        p50 ${ms(percentile(inviteTimes, 50))}  p95 ${ms(percentile(inviteTimes, 95))}  (n=20)`,
  )

  // 2. accept → the thread on both sides
  const acceptTimes: number[] = []
  const topics: string[] = []
  for (const id of invites.slice(0, 10)) {
    const before = {
      a: Object.keys(getChatState(a1.chat).threads).length,
      b: Object.keys(getChatState(b1.chat).threads).length,
    }
    const t0 = performance.now()
    const onA = whenState(a1.chat, (s) => Object.keys(s.threads).length > before.a, 'the thread on A')
    const onB = whenState(b1.chat, (s) => Object.keys(s.threads).length > before.b, 'the thread on B')
    const { topic } = await acceptInvite(b1.chat, { id })
    acceptTimes.push(Math.max(await onA, await onB) - t0)
    topics.push(topic)
  }
  log(
    `accept → thread on both sides        p50 ${ms(percentile(acceptTimes, 50))}  p95 ${ms(percentile(acceptTimes, 95))}  (n=10)`,
  )

  // 3. message A → B
  const [chatTopic, longTopic] = topics as [string, string]
  const messageTimes: number[] = []
  for (let n = 0; n < 200; n++) {
    const t0 = performance.now()
    const shown = whenState(
      b1.chat,
      (s) => s.threads[chatTopic]!.messages.length === n + 1,
      'a message shown',
    )
    await sendMessage(a1.chat, { topic: chatTopic, message: `message ${n}` })
    messageTimes.push((await shown) - t0)
  }
  log(
    `message A → B                        p50 ${ms(percentile(messageTimes, 50))}  p95 ${ms(percentile(messageTimes, 95))}  (n=200)`,
  )

  // 4. a 1,000-message thread on a new device
  const written = performance.now()
  for (let n = 0; n < 1000; n++)
    await sendMessage((n % 2 === 0 ? a1 : b1).chat, {
      topic: longTopic,
      message: `line ${n} of a long conversation`,
    })
  await until(
    () =>
      getChatState(b1.chat).threads[longTopic]!.messages.length === 1000 &&
      getChatState(a1.chat).threads[longTopic]!.messages.length === 1000,
    'the long thread written',
  )
  log(`(1,000 messages written by A and B in ${ms(performance.now() - written)})`)
  const fromMount: number[] = []
  const fromStart: number[] = []
  for (let run = 0; run < 3; run++) {
    const device = await startDevice(relay, alice, { mount: false })
    const shownAt = whenState(
      device.chat,
      (s) => (s.threads[longTopic]?.messages.length ?? 0) === 1000,
      'the long thread on a new device',
    )
    const mounted = performance.now()
    device.mount()
    const shown = await shownAt
    fromMount.push(shown - mounted)
    fromStart.push(shown - device.started)
    if (device.errors.length > 0) throw new Error(`the new device reported ${device.errors.length} errors`)
    await device.stop()
  }
  log(
    `new device shows 1,000 messages      from chat.mount(): ${fromMount.map(ms).join(', ')} (median ${ms(percentile(fromMount, 50))})`,
  )
  log(
    `                                     from device start: ${fromStart.map(ms).join(', ')} (median ${ms(percentile(fromStart, 50))})`,
  )
  const errors = [...a1.errors, ...b1.errors]
  log(`errors reported on A1 and B1: ${errors.length}`)
  for (const stop of stops.splice(0)) await stop().catch(() => {})
  await relay.close()
}

main()
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
