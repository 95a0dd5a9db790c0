import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice, startTestCore } from '@chatsync/test/node'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { createChatSync } from '../src/engine/createChatSync.js'
import type { ChatSyncClient } from '../src/engine/types.js'

/*
 * Tabs of one app in one browser share the WalletConnect core's storage, and so its client id: the relay
 * sends none of them what another published, and each persists the account's whole state. Here two
 * engines on one core (one storage, one client id) stand in for two tabs; they find each other through a
 * BroadcastChannel named after the account's storage key, as tabs of one origin do.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
// A page (tabs are a page thing): `document` and window-level listeners, as the engine sees them there.
const page = new EventTarget()
const globals = globalThis as Record<string, unknown>
beforeAll(async () => {
  globals.document = { visibilityState: 'visible' }
  globals.addEventListener = page.addEventListener.bind(page)
  globals.removeEventListener = page.removeEventListener.bind(page)
})
afterEach(cleanup.run)
afterAll(async () => {
  delete globals.document
  delete globals.addEventListener
  delete globals.removeEventListener
})

/** One browser profile: a core and its storage, with engines ("tabs") on it. */
async function startBrowser(url = relayUrl) {
  const testCore = cleanup.trackCore(await startTestCore(url))
  const tabs: ChatSyncClient[] = []
  cleanup.add(async () => {
    for (const tab of tabs) await tab.destroy()
  })
  return {
    core: testCore.core,
    openTab() {
      const tab = createChatSync({ core: testCore.core })
      tabs.push(tab)
      return tab
    },
  }
}

/** A browser with two tabs, both registered for a new wallet's account. */
async function twoTabs(url = relayUrl) {
  const { account, signature } = await createWallet()
  const browser = await startBrowser(url)
  const tab1 = browser.openTab()
  const tab2 = browser.openTab()
  await tab1.register({ account, signature })
  await tab2.register({ account, signature })
  return { account, signature, browser, tab1, tab2 }
}

test('behavior: a write in one tab shows in the other at once, and the other tab persisting later keeps it', async () => {
  const { account, browser, tab1, tab2 } = await twoTabs()
  const thread = payloads.thread(1)
  await tab1.set({ account, store: 'threads', value: thread })
  // The relay never sends a client its own messages: this can only have come from the other tab.
  await waitFor(() => tab2.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined, {
    what: 'tab 2 to show the write of tab 1',
  })
  expect(tab2.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)

  // Tab 1 closes; tab 2 writes later, which persists its state over what tab 1 persisted.
  await tab1.destroy()
  const invite = payloads.sentInvite(1)
  await tab2.set({ account, store: 'sentInvites', value: invite })
  await tab2.destroy()

  // A tab opened afterwards starts from the persisted state: both writes are there.
  const tab3 = browser.openTab()
  expect(await tab3.restore({ account })).toBe(true)
  const { stores } = tab3.getSnapshot({ account })
  expect(stores.threads.entries[thread.topic]).toEqual(thread)
  expect(stores.sentInvites.entries[invite.responseTopic]).toEqual(invite)
})

test('behavior: a write still queued when its tab closes is published by another tab', {
  timeout: 40_000,
}, async () => {
  const offlineRelay = await cleanup.restartableRelay()
  const { account, signature, tab1, tab2 } = await twoTabs(offlineRelay.url)
  const phone = cleanup.track(await startDevice(offlineRelay.url))
  await phone.client.register({ account, signature })

  // The relay is gone: the write stays in tab 1's outbox, and tab 1 closes before it is back.
  await offlineRelay.stop()
  const thread = payloads.thread(2)
  await tab1.set({ account, store: 'threads', value: thread })
  await waitFor(() => tab2.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined, {
    what: 'tab 2 to show the write of tab 1',
  })
  await tab1.destroy()

  await offlineRelay.restart()
  await waitFor(
    () => phone.client.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined,
    {
      timeoutMs: 30_000,
      what: 'the other device to receive the write tab 2 took over',
    },
  )
  expect(phone.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
})

test('behavior: unregistering in one tab forgets the account in the others, which store nothing again', async () => {
  const { account, browser, tab1, tab2 } = await twoTabs()
  await tab2.set({ account, store: 'threads', value: payloads.thread(3) })

  await tab1.unregister({ account })
  await waitFor(() => tab2.getSnapshot({ account }).status === 'idle', {
    what: 'tab 2 to forget the account',
  })
  await expect(tab2.set({ account, store: 'threads', value: payloads.thread(4) })).rejects.toThrow(
    'is not registered',
  )
  // Nothing stored brings it back: a tab opened afterwards must ask for the signature again.
  const tab3 = browser.openTab()
  expect(await tab3.restore({ account })).toBe(false)
  expect(await tab3.isRegistered({ account })).toBe(false)
})
