import { randomBytes } from 'node:crypto'
import { createWallet, payloads, storeKeysOf, waitFor } from '@chatsync/test'
import { createCleanup, printFigure, publishRaw, startTestCore } from '@chatsync/test/node'
import { afterAll, expect, test, vi } from 'vitest'
import type { ChatSyncLogger } from '../../src/engine/chatSyncCore.js'
import { createChatSync } from '../../src/engine/createChatSync.js'
import type { ChatSyncClient } from '../../src/engine/types.js'
import { getSyncMessage } from '../../src/keys/getSyncMessage.js'
import { createChatSyncSession } from '../../src/session/createChatSyncSession.js'
import type { ChatStoreId } from '../../src/stores/catalogue.js'
import { type Captured, createRecordingLogger, findSecrets } from './captureSecrets.js'
import { seal } from './hostileMessages.js'

/*
 * Signatures, store keys and the private keys inside payloads never reach logs, error messages or
 * thrown values. Everything the engine and its cores say is recorded (a logger that keeps every call
 * for both, console spies, every `error` event, every rejection and thrown value with its cause chain)
 * through a run that goes through the failure paths: declined, failed, forged and malformed signatures,
 * invalid and oversized writes, hostile incoming messages, a relay outage, use after unregister and
 * after destroy. Then every text form of all of it is searched for every secret used.
 */

const cleanup = createCleanup()
afterAll(cleanup.run)

const hex32 = () => randomBytes(32).toString('hex')

/** A core and an engine on it whose every log call and error event lands in `captured`. */
async function recordedDevice(relayUrl: string, captured: Captured[], name: string) {
  const testCore = cleanup.trackCore(
    await startTestCore(relayUrl, {
      // biome-ignore lint/suspicious/noExplicitAny: the core takes any pino-shaped logger.
      logger: createRecordingLogger(captured, `core ${name}`) as any,
    }),
  )
  const { core } = testCore
  const record = (level: string) => (message: string, context?: Record<string, unknown>) =>
    captured.push({ where: `engine ${name} logger.${level}`, value: { message, context } })
  const logger: ChatSyncLogger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
  const client = createChatSync({ core, logger })
  client.on('error', (event) => captured.push({ where: `engine ${name} error event`, value: event }))
  return {
    core,
    client,
    async close(c: ChatSyncClient = client) {
      await c.destroy()
      await testCore.close()
    },
  }
}

test('behavior: no signature, store key or payload private key reaches a log, an error or a thrown value', {
  timeout: 45_000,
}, async () => {
  const captured: Captured[] = []
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const
  const spies = consoleMethods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push({ where: `console.${method}`, value: args })
    }),
  )
  const onProcessError = (reason: unknown) => captured.push({ where: 'unhandled', value: reason })
  process.on('unhandledRejection', onProcessError)
  process.on('uncaughtException', onProcessError)
  /** What each `attempt` tried, in order: every one of them must throw. */
  const attempts: string[] = []
  const attempt = async (where: string, run: () => Promise<unknown>) => {
    attempts.push(where)
    try {
      return await run()
    } catch (error) {
      captured.push({ where: `thrown: ${where}`, value: error })
      return undefined
    }
  }

  const relay = await cleanup.restartableRelay()
  const owner = await createWallet()
  const intruder = await createWallet()
  const { account } = owner
  const keys = await storeKeysOf(owner.signature)
  const forged = await intruder.wallet.signMessage({ message: getSyncMessage(account) })
  const canary = hex32()
  const secrets: Record<string, string> = {
    signature: owner.signature,
    'intruder signature': intruder.signature,
    'forged signature': forged,
    ...Object.fromEntries(Object.entries(keys).map(([store, { symKey }]) => [`store key ${store}`, symKey])),
  }
  const secret = (name: string) => {
    const value = hex32()
    secrets[name] = value
    return value
  }

  const a = await recordedDevice(relay.url, captured, 'A')
  const b = await recordedDevice(relay.url, captured, 'B')
  const peer = cleanup.trackCore(await startTestCore(relay.url))
  for (const id of Object.keys(keys) as ChatStoreId[]) await peer.core.crypto.setSymKey(keys[id].symKey)

  // 1. The enable flow through the session: declined, failed (the signer's own error carries the
  // canary), forged, malformed, then the right signature.
  const answers: (() => Promise<string>)[] = [
    async () => {
      throw Object.assign(new Error('User rejected the request.'), { code: 4001 })
    },
    async () => {
      throw new Error(`signer crashed near ${canary}`)
    },
    async () => forged,
    async () => owner.signature.slice(0, 100),
    async () => owner.signature,
  ]
  const session = createChatSyncSession({
    client: a.client,
    account,
    signer: { signMessage: () => (answers.shift() as () => Promise<string>)() },
  })
  session.subscribe((state) => captured.push({ where: `session state ${state.status}`, value: state }))
  for (let i = 0; i < 5; i++) {
    const state = await session.enable()
    captured.push({ where: `session enable ${i}`, value: state.error })
  }
  expect(session.getState().status === 'ready' || session.getState().status === 'syncing').toBe(true)

  // 2. Direct registrations with wrong signatures.
  await attempt('register intruder signature', () =>
    b.client.register({ account, signature: intruder.signature }),
  )
  await attempt('register forged', () => b.client.register({ account, signature: forged }))
  await attempt('register malformed', () =>
    b.client.register({ account, signature: owner.signature.slice(0, 90) }),
  )
  await b.client.register(owner)

  // 3. Writes carrying private keys: valid ones, and ones refused before anything is sent.
  const invite = payloads.sentInvite(1, {
    inviterPrivKeyY: secret('invite inviterPrivKeyY'),
    symKey: secret('invite symKey'),
  })
  const thread = payloads.thread(1, { symKey: secret('thread symKey') })
  const inviteKeys = payloads.inviteKeys(1, { privateKey: secret('inviteKeys privateKey') })
  const writes = [
    await a.client.set({ account, store: 'sentInvites', value: invite }),
    await a.client.set({ account, store: 'threads', value: thread }),
    await a.client.set({ account, store: 'inviteKeys', value: inviteKeys }),
  ]
  await Promise.all(writes.map((w) => w.delivered))
  await attempt('set invalid status', () =>
    a.client.set({
      account,
      store: 'sentInvites',
      value: {
        ...payloads.sentInvite(2, {
          inviterPrivKeyY: secret('invalid invite key'),
          symKey: secret('invalid invite symKey'),
        }),
        status: 'bogus' as 'pending',
      },
    }),
  )
  await attempt('set wrong types', () =>
    a.client.set({
      account,
      store: 'threads',
      value: {
        ...payloads.thread(2, { symKey: secret('invalid thread symKey') }),
        peerAccount: 42 as unknown as string,
      },
    }),
  )
  await attempt('set too large', () =>
    a.client.set({
      account,
      store: 'inviteKeys',
      value: payloads.inviteKeys(2, {
        publicKey: 'f'.repeat(30_000),
        privateKey: secret('large privateKey'),
      }),
    }),
  )
  await attempt('set unknown store', () =>
    a.client.set({
      account,
      store: 'vault' as 'threads',
      value: payloads.thread(3, { symKey: secret('unknown store symKey') }),
    }),
  )
  await attempt('set unregistered account', () =>
    a.client.set({
      account: intruder.account,
      store: 'threads',
      value: payloads.thread(4, { symKey: secret('unregistered symKey') }),
    }),
  )
  await attempt('delete empty key', () => a.client.delete({ account, store: 'threads', key: '' }))

  // 4. Hostile messages from a peer holding the store keys, with private keys inside.
  const request = (method: string, params: unknown) =>
    JSON.stringify({ id: Date.now() * 1000 + 7, jsonrpc: '2.0', method, params })
  const badInvite = {
    ...payloads.sentInvite(5, { inviterPrivKeyY: secret('hostile invite key') }),
    status: 'hacked',
  }
  const mismatched = payloads.thread(6, { symKey: secret('hostile mismatched symKey') })
  const hostile: [ChatStoreId, string][] = [
    [
      'sentInvites',
      seal(
        keys.sentInvites.symKey,
        request('wc_syncSet', { key: badInvite.responseTopic, value: JSON.stringify(badInvite) }),
      ),
    ],
    [
      'threads',
      seal(keys.threads.symKey, request('wc_syncSet', { key: 'other', value: JSON.stringify(mismatched) })),
    ],
    [
      'threads',
      seal(
        keys.threads.symKey,
        request('wc_syncSet', { key: 'k', value: `not json ${secret('hostile raw value')}` }),
      ),
    ],
    ['threads', seal(keys.threads.symKey, `garbage ${secret('hostile plaintext')}`)],
    [
      'inviteKeys',
      seal(keys.inviteKeys.symKey, request('wc_syncWipe', { privateKey: secret('hostile params') })),
    ],
    [
      'threads',
      seal(
        hex32(),
        request('wc_syncSet', {
          key: 'k',
          value: JSON.stringify(payloads.thread(8, { symKey: secret('wrong key symKey') })),
        }),
      ),
    ],
  ]
  const errorsBefore = captured.filter((c) => c.where.endsWith('error event')).length
  for (const [store, message] of hostile) await publishRaw(peer.core, keys[store].topic, message)
  await waitFor(
    () => captured.filter((c) => c.where.endsWith('error event')).length >= errorsBefore + 2 * hostile.length,
    {
      what: 'both devices to report the hostile messages',
    },
  )

  // 5. A relay outage with writes in flight.
  await relay.stop()
  const during = await a.client.set({
    account,
    store: 'threads',
    value: payloads.thread(9, { symKey: secret('outage symKey') }),
  })
  await new Promise((resolve) => setTimeout(resolve, 300))
  await relay.restart()
  await during.delivered
  await waitFor(() => b.client.getSnapshot({ account }).stores.threads.entries[during.key] !== undefined, {
    timeoutMs: 20_000,
    what: 'B to receive the write made during the outage',
  })

  // 6. Use after unregister and after destroy; a new client on the same core.
  const disabled = await session.disable()
  captured.push({ where: 'session disable', value: disabled.error })
  await attempt('set after unregister', () =>
    a.client.set({
      account,
      store: 'threads',
      value: payloads.thread(10, { symKey: secret('after unregister symKey') }),
    }),
  )
  await a.client.destroy()
  await attempt('set after destroy', () =>
    a.client.set({
      account,
      store: 'threads',
      value: payloads.thread(11, { symKey: secret('after destroy symKey') }),
    }),
  )
  await attempt('register after destroy', () => a.client.register(owner))
  const again = createChatSync({ core: a.core })
  again.on('error', (event) => captured.push({ where: 'engine A2 error event', value: event }))
  expect(await again.restore({ account })).toBe(false)
  await again.register(owner)
  const last = await again.set({
    account,
    store: 'threads',
    value: payloads.thread(12, { symKey: secret('re-registered symKey') }),
  })
  await last.delivered

  await a.close(again)
  await b.close()
  await peer.close()
  await relay.stop()
  process.off('unhandledRejection', onProcessError)
  process.off('uncaughtException', onProcessError)
  for (const spy of spies) spy.mockRestore()

  // The search works: the canary the app's own signer put into its error is found through the cause chain.
  expect(findSecrets(captured, { canary }).found.length).toBeGreaterThan(0)
  const { found, scanned } = findSecrets(captured, secrets)
  expect(found).toEqual([])
  expect(captured.filter((c) => c.where === 'unhandled')).toEqual([])
  const count = (prefix: string) => captured.filter((c) => c.where.startsWith(prefix)).length
  // The run went through the paths it claims to.
  expect(attempts).toHaveLength(12)
  expect(captured.filter((c) => c.where.startsWith('thrown:')).map((c) => c.where)).toEqual(
    attempts.map((where) => `thrown: ${where}`),
  )
  expect(count('core A')).toBeGreaterThan(0)
  const errorEvents = captured.filter((c) => c.where.endsWith('error event')).length
  expect(errorEvents).toBeGreaterThanOrEqual(2 * hostile.length)

  const scenario = 'secrets never in logs, errors or thrown values'
  printFigure(
    scenario,
    'secrets searched (signatures, store keys, payload private keys)',
    Object.keys(secrets).length,
  )
  printFigure(scenario, 'core log calls recorded (A + B)', count('core A') + count('core B'))
  printFigure(scenario, 'engine log calls recorded', count('engine A logger') + count('engine B logger'))
  printFigure(scenario, 'console calls', count('console.'))
  printFigure(scenario, 'error events', errorEvents)
  printFigure(scenario, 'thrown or rejected values', count('thrown:'))
  printFigure(scenario, 'characters searched', scanned)
  printFigure(scenario, 'secrets found', found.length)
})
