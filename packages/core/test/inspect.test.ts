import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterEach, expect, test } from 'vitest'
import { MASKED } from '../src/engine/account/inspection.js'

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup
afterEach(cleanup.run)

test('behavior: inspect shows entries with their ids and last writer, tombstones, the outbox and catch-up; never a secret', async () => {
  const wallet = await createWallet()
  const a = track(await startDevice(relayUrl))
  const b = track(await startDevice(relayUrl))
  await a.client.register(wallet)
  await b.client.register(wallet)
  expect(a.client.inspect({ account: 'eip155:1:0x0000000000000000000000000000000000000001' })).toBeUndefined()
  const mine = payloads.thread(1)
  const theirs = payloads.thread(2)
  const gone = payloads.sentInvite(3)
  await (await a.client.set({ account: wallet.account, store: 'threads', value: mine })).delivered
  await b.client.set({ account: wallet.account, store: 'threads', value: theirs })
  await b.client.set({ account: wallet.account, store: 'sentInvites', value: gone })
  await b.client.delete({ account: wallet.account, store: 'sentInvites', key: gone.responseTopic })
  await waitFor(
    () => Object.keys(a.client.getSnapshot({ account: wallet.account }).stores.sentInvites.ids).length === 1,
    {
      what: 'the delete on A',
    },
  )

  const inspection = a.client.inspect({ account: wallet.account })
  expect(inspection?.status).toBe('ready')
  expect(inspection?.relay).toEqual({
    connection: 'connected',
    url: relayUrl,
    connected: true,
    closedByApp: false,
    failure: undefined,
  })
  expect(inspection?.catchUp.status).toBe('idle')
  expect(inspection?.catchUp.last).toMatchObject({ rebuilt: false })
  const threads = inspection?.stores.threads ?? []
  const byKey = Object.fromEntries(threads.map((entry) => [entry.key, entry]))
  expect(byKey[mine.topic]).toMatchObject({
    lastWriter: 'local',
    deleted: false,
    value: { ...mine, symKey: MASKED },
  })
  expect(byKey[theirs.topic]).toMatchObject({
    lastWriter: 'remote',
    deleted: false,
    value: { ...theirs, symKey: MASKED },
  })
  expect(inspection?.stores.sentInvites).toEqual([
    {
      key: gone.responseTopic,
      id: expect.any(Number),
      deleted: true,
      lastWriter: 'remote',
      value: undefined,
      copyAt: expect.any(Number),
    },
  ])
  expect(inspection?.outbox).toEqual({ items: [], failures: 0, retrying: false })
  expect(inspection?.keepAlive.ttlSeconds).toBe(2_592_000)

  // Nothing secret anywhere in it.
  const text = JSON.stringify(inspection)
  for (const secret of [
    wallet.signature.slice(2),
    mine.symKey,
    theirs.symKey,
    gone.symKey,
    gone.inviterPrivKeyY,
  ]) {
    expect(text).not.toContain(secret)
  }
})

test('behavior: after a restart, inspect still says local for the entries this device wrote and remote for the others', async () => {
  const { account, signature } = await createWallet()
  const a = await startDevice(relayUrl)
  const b = track(await startDevice(relayUrl))
  await a.client.register({ account, signature })
  await b.client.register({ account, signature })
  const mine = payloads.thread(1)
  const gone = payloads.sentInvite(2)
  const overwritten = payloads.thread(3)
  const theirs = payloads.thread(4)
  for (const write of [
    await a.client.set({ account, store: 'threads', value: mine }),
    await a.client.set({ account, store: 'sentInvites', value: gone }),
    await a.client.delete({ account, store: 'sentInvites', key: gone.responseTopic }),
    await a.client.set({ account, store: 'threads', value: overwritten }),
  ]) {
    await write.delivered
  }
  const later = [
    await b.client.set({ account, store: 'threads', value: theirs }),
    await b.client.set({ account, store: 'threads', value: { ...overwritten, symKey: 'c'.repeat(64) } }),
  ]
  await waitFor(
    () => later.every(({ key, id }) => a.client.getSnapshot({ account }).stores.threads.ids[key] === id),
    { what: "the other device's writes on A" },
  )
  const writers = (client: typeof a.client) => {
    const inspection = client.inspect({ account })
    const all = [...(inspection?.stores.threads ?? []), ...(inspection?.stores.sentInvites ?? [])]
    return Object.fromEntries(all.map((entry) => [entry.key, entry.lastWriter]))
  }
  const expected = {
    [mine.topic]: 'local',
    [gone.responseTopic]: 'local',
    [overwritten.topic]: 'remote',
    [theirs.topic]: 'remote',
  }
  expect(writers(a.client)).toEqual(expected)

  await a.shutdown()
  const again = track(await startDevice(relayUrl, { dir: a.dir, prefix: a.prefix }))
  expect(await again.client.restore({ account })).toBe(true)
  await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
  expect(writers(again.client)).toEqual(expected)
  // And B, which wrote none of A's entries, says remote for them.
  expect(writers(b.client)).toEqual({
    [mine.topic]: 'remote',
    [gone.responseTopic]: 'remote',
    [overwritten.topic]: 'local',
    [theirs.topic]: 'local',
  })
})
