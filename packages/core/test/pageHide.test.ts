import { createWallet, payloads, waitFor } from '@chatsync/test'
import { removeDir, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ChatSyncStorage } from '../src/engine/chatSyncCore.js'
import { persistedAccountKey } from '../src/engine/persistence/persistedAccount.js'

// A browser-like page: `document` and window-level listeners, as the engine sees them in a browser.
const page = new EventTarget()
const globals = globalThis as Record<string, unknown>
const relayUrl = sharedRelayUrl()

/** The page's localStorage: synchronous, so a write made while the page unloads completes. */
const localItems = new Map<string, string>()

beforeAll(async () => {
  globals.localStorage = {
    getItem: (key: string) => localItems.get(key) ?? null,
    setItem: (key: string, value: string) => void localItems.set(key, String(value)),
    removeItem: (key: string) => void localItems.delete(key),
  }
  globals.document = { visibilityState: 'hidden' }
  globals.addEventListener = page.addEventListener.bind(page)
  globals.removeEventListener = page.removeEventListener.bind(page)
})
afterAll(async () => {
  delete globals.document
  delete globals.localStorage
  delete globals.addEventListener
  delete globals.removeEventListener
})

/**
 * In-memory storage that records every value written, synchronously, in order. While `unloading`, a
 * write never completes, as an IndexedDB write started by a page that is going away.
 */
function recordingStorage() {
  const items = new Map<string, unknown>()
  const writes: string[] = []
  const state = { unloading: false }
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return items.get(key) as T | undefined
    },
    async setItem(key, value) {
      if (state.unloading) return new Promise<void>(() => {})
      writes.push(JSON.stringify(value))
      items.set(key, value)
    },
    async removeItem(key) {
      items.delete(key)
    },
  }
  return { storage, writes, state }
}

test('behavior: leaving the page writes a remote change at once, not after the persistence delay', async () => {
  const { account, signature } = await createWallet()
  const a = await startDevice(relayUrl)
  const recorded = recordingStorage()
  const b = await startDevice(relayUrl, { storage: recorded.storage })
  try {
    await a.client.register({ account, signature })
    await b.client.register({ account, signature })
    // Let every write from registering settle, so none is in flight when the change arrives.
    await new Promise((resolve) => setTimeout(resolve, 300))

    const thread = payloads.thread(7)
    let writtenDuringPageHide: boolean | undefined
    const stop = b.client.on('change', (event) => {
      if (event.source !== 'remote' || !event.stores.includes('threads')) return
      const before = recorded.writes.length
      page.dispatchEvent(new Event('pagehide'))
      const latest = recorded.writes.at(-1) ?? ''
      writtenDuringPageHide = recorded.writes.length > before && latest.includes(thread.topic)
    })
    await a.client.set({ account, store: 'threads', value: thread })
    await waitFor(() => writtenDuringPageHide !== undefined, { what: 'the change to reach B' })
    stop()
    expect(writtenDuringPageHide).toBe(true)
  } finally {
    await a.shutdown()
    await b.shutdown()
    removeDir(a.dir)
    removeDir(b.dir)
  }
})

test('behavior: a change whose write is cut off by the page unloading is back after the reload', async () => {
  const { account, signature } = await createWallet()
  const a = await startDevice(relayUrl)
  const recorded = recordingStorage()
  const b = await startDevice(relayUrl, { storage: recorded.storage })
  let reloaded: Awaited<ReturnType<typeof startDevice>> | undefined
  try {
    await a.client.register({ account, signature })
    await b.client.register({ account, signature })
    await new Promise((resolve) => setTimeout(resolve, 300))

    // From here on B's storage writes never complete: the page is going away.
    recorded.state.unloading = true
    const thread = payloads.thread(8)
    await a.client.set({ account, store: 'threads', value: thread })
    await waitFor(
      () => b.client.getSnapshot({ account }).stores.threads.entries[thread.topic] !== undefined,
      {
        what: 'the change to reach B',
      },
    )
    page.dispatchEvent(new Event('pagehide'))
    // B's storage is behind: its record went to localStorage, synchronously.
    const unloadKey = `${persistedAccountKey(b.core.customStoragePrefix, account)}//unload`
    expect(localItems.has(unloadKey)).toBe(true)
    // Never the signature, the root secret: localStorage is readable by any script of the page.
    expect(localItems.get(unloadKey)?.toLowerCase()).not.toContain(signature.slice(2).toLowerCase())
    // The page is gone: its engine never finishes destroying, its core closes.
    void b.client.destroy()
    await b.close()

    // The reload: the same storage and core storage (so the same relay client id, which the relay
    // counts the change as delivered to), and the page's localStorage.
    recorded.state.unloading = false
    reloaded = await startDevice(relayUrl, { dir: b.dir, prefix: b.prefix, storage: recorded.storage })
    expect(await reloaded.client.restore({ account })).toBe(true)
    expect(reloaded.client.getSnapshot({ account }).stores.threads.entries[thread.topic]).toEqual(thread)
    // The next write that reaches storage makes the localStorage copy unnecessary.
    await reloaded.client.set({ account, store: 'threads', value: payloads.thread(9) })
    await waitFor(() => !localItems.has(unloadKey), { what: 'the unload copy to be removed' })
  } finally {
    await a.shutdown()
    await reloaded?.shutdown()
    removeDir(a.dir)
    removeDir(b.dir)
  }
})
