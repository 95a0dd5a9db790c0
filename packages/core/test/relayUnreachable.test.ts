import { startDevRelay } from '@chatsync/dev-relay'
import { createWallet, payloads, waitFor } from '@chatsync/test'
import {
  createCleanup,
  printFigure,
  startDevice,
  startUnreachableRelay,
  type TestDevice,
  type UnreachableRelayKind,
} from '@chatsync/test/node'
import { afterEach, describe, expect, test } from 'vitest'
import type { RelayUnreachableError } from '../src/errors/relay.js'

/*
 * A relay that never answers: nothing listening on its port, a server that accepts TCP connections and
 * ignores them, and one that completes the WebSocket upgrade and never answers a request. The device must
 * say it is offline within a few seconds, report an error naming the relay (never its auth token), keep
 * applying and saving writes, and come back by itself once a real relay answers on that port.
 */

/** The bound the issue sets for showing `offline`. */
const OFFLINE_WITHIN_MS = 3_000

const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

const expectedReason: Record<UnreachableRelayKind, RelayUnreachableError['reason']> = {
  refused: 'refused',
  'silent-tcp': 'timeout',
  'silent-websocket': 'timeout',
}

/** When `predicate` first held, in ms since `since` (checked on every event loop turn). */
async function timeUntil(since: number, predicate: () => boolean, what: string, timeoutMs = 20_000) {
  await waitFor(predicate, { timeoutMs, what })
  return Date.now() - since
}

/** The relay errors `device` reported, checked for what they must and must not say. */
function unreachableErrors(device: TestDevice, url: string) {
  const errors = device.errors
    .map((event) => event.error)
    .filter((error): error is RelayUnreachableError => error.name === 'RelayUnreachableError')
  for (const error of errors) {
    expect(error.url).toBe(url)
    expect(error.message).toContain(url)
    // The core's connection URL carries an auth token and the project id: neither may leak.
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/auth=|projectId|chatsync-test/)
  }
  return errors
}

describe.each(['refused', 'silent-tcp', 'silent-websocket'] as const)('a relay that is %s', (kind) => {
  test('behavior: offline within 3 s with an error naming the relay, writes saved, then back by itself once a relay answers', {
    timeout: 60_000,
  }, async () => {
    const hole = await startUnreachableRelay({ kind })
    cleanup.add(() => hole.close())
    const wallet = await createWallet()
    const { account } = wallet
    const a = track(await startDevice(hole.url))

    const started = Date.now()
    const registering = a.client.register(wallet)
    const offlineMs = await timeUntil(
      started,
      () => a.client.getSnapshot({ account }).connection === 'offline',
      'offline',
    )
    printFigure('relay unreachable', `${kind}: offline after (ms)`, offlineMs)
    expect(offlineMs).toBeLessThanOrEqual(OFFLINE_WITHIN_MS)
    // register() does not wait for a refused connection: registered, still syncing. (For a relay that only
    // does not answer, it waits for its first attempt; the account is live and takes writes meanwhile.)
    if (kind === 'refused') {
      await registering
      printFigure('relay unreachable', `${kind}: register resolved after (ms)`, Date.now() - started)
    }
    expect(a.client.getSnapshot({ account }).status).toBe('syncing')

    const [error, ...more] = unreachableErrors(a, hole.url)
    expect(error?.reason).toBe(expectedReason[kind])
    expect(more).toEqual([])
    expect(a.client.inspect({ account })?.relay).toMatchObject({
      connection: 'offline',
      url: hole.url,
      failure: { reason: expectedReason[kind] },
    })

    // Writes are applied and saved; delivery waits.
    const thread = payloads.thread(1)
    const write = await a.client.set({ account, store: 'threads', value: thread })
    await write.saved
    expect(a.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
    let delivered = false
    void write.delivered.then(() => {
      delivered = true
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(delivered).toBe(false)
    expect(a.client.getSnapshot({ account }).connection).toBe('offline')

    // A real relay on the same port: no call from the app.
    await hole.close()
    const relay = await startDevRelay({ port: hole.port })
    cleanup.add(() => relay.close())
    const back = Date.now()
    const connectedMs = await timeUntil(
      back,
      () => a.client.getSnapshot({ account }).connection === 'connected',
      'connected',
    )
    await write.delivered
    const deliveredMs = Date.now() - back
    const readyMs = await timeUntil(back, () => a.client.getSnapshot({ account }).status === 'ready', 'ready')
    printFigure('relay unreachable', `${kind}: connected after the relay came (ms)`, connectedMs)
    printFigure('relay unreachable', `${kind}: write delivered after the relay came (ms)`, deliveredMs)
    printFigure('relay unreachable', `${kind}: ready after the relay came (ms)`, readyMs)
    expect(a.client.inspect({ account })?.relay).toMatchObject({
      connection: 'connected',
      failure: undefined,
    })

    await registering
    const b = track(await startDevice(relay.url))
    await b.client.register(wallet)
    expect(b.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
    // Live again both ways: what B writes now reaches A.
    const reply = payloads.thread(2)
    await b.client.set({ account, store: 'threads', value: reply })
    await waitFor(() => a.client.getSnapshot({ account }).stores.threads.entries[reply.topic] !== undefined, {
      what: 'a write of the other device',
    })
  })
})
