import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, removeDir, startDevice } from '@chatsync/test/node'
import { MutationObserver, onlineManager, QueryClient } from '@tanstack/query-core'
import { afterEach, expect, test } from 'vitest'
import { deleteStoreValueMutationOptions } from '../src/actions/deleteStoreValue.js'
import { setStoreValueMutationOptions } from '../src/actions/setStoreValue.js'
import { createChatSyncSession } from '../src/session/createChatSyncSession.js'

/*
 * TanStack Query pauses a mutation while its `onlineManager` says the browser is offline (the browser
 * fired `offline`: phones, trains), unless the mutation's `networkMode` says otherwise. The engine has its
 * own outbox, so the store writes must run at once: applied, saved, and delivered once the relay answers.
 */

const cleanup = createCleanup()
const { track } = cleanup
afterEach(async () => {
  onlineManager.setOnline(true)
  await cleanup.run()
})

test('behavior: with the browser offline, the mutations apply and save at once, and deliver once the relay is back', {
  timeout: 60_000,
}, async () => {
  const relay = await cleanup.restartableRelay()
  const { wallet, account, signature } = await createWallet()
  const a = track(await startDevice(relay.url))
  const b = track(await startDevice(relay.url))
  await b.client.register({ account, signature })
  const session = createChatSyncSession({
    client: a.client,
    account,
    signer: { signMessage: ({ message }) => wallet.signMessage({ message }) },
  })
  expect((await session.enable()).status).toBe('ready')

  await relay.stop()
  onlineManager.setOnline(false)
  const queryClient = new QueryClient()
  const set = new MutationObserver(queryClient, setStoreValueMutationOptions(session, { store: 'threads' }))
  const remove = new MutationObserver(
    queryClient,
    deleteStoreValueMutationOptions(session, { store: 'sentInvites' }),
  )
  const thread = payloads.thread(1)
  const settled = (promise: Promise<unknown>) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('still paused'), 3000))])

  const written = set.mutate(thread)
  expect(await settled(written)).toMatchObject({ key: thread.topic })
  expect(set.getCurrentResult()).toMatchObject({ status: 'success', isPaused: false })
  const removal = remove.mutate(payloads.sentInvite(9).responseTopic)
  expect(await settled(removal)).toMatchObject({ key: payloads.sentInvite(9).responseTopic })
  expect(a.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)

  // Resolved means saved: a copy of the device's storage taken now restores the write and its outbox.
  const copy = mkdtempSync(join(tmpdir(), 'chatsync-offline-copy-'))
  cleanup.add(() => removeDir(copy))
  cpSync(a.dir, copy, { recursive: true })
  await a.shutdown()
  const reloaded = track(await startDevice(relay.url, { dir: copy, prefix: a.prefix }))
  expect(await reloaded.client.restore({ account })).toBe(true)
  expect(reloaded.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
  expect(reloaded.client.inspect({ account })?.outbox.items.length).toBe(2)

  await relay.restart()
  onlineManager.setOnline(true)
  await waitFor(() => b.client.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined, {
    timeoutMs: 30_000,
    what: 'the second device to receive the write made offline',
  })
  expect(b.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
  expect(b.client.getSnapshot({ account }).stores.sentInvites.ids[payloads.sentInvite(9).responseTopic]).toBe(
    ((await removal) as { id: number }).id,
  )
})
