import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ChatSyncStorage } from '../src/engine/chatSyncCore.js'
import { createWallet, payloads, removeDir, startDevice, startDevRelay, waitFor } from './harness.js'

// A browser-like page: `document` and window-level listeners, as the engine sees them in a browser.
const page = new EventTarget()
const globals = globalThis as Record<string, unknown>
let relay: Awaited<ReturnType<typeof startDevRelay>>

beforeAll(async () => {
  globals.document = { visibilityState: 'hidden' }
  globals.addEventListener = page.addEventListener.bind(page)
  globals.removeEventListener = page.removeEventListener.bind(page)
  relay = await startDevRelay({ port: 0 })
})
afterAll(async () => {
  await relay.close()
  delete globals.document
  delete globals.addEventListener
  delete globals.removeEventListener
})

/** In-memory storage that records every value written, synchronously, in order. */
function recordingStorage() {
  const items = new Map<string, unknown>()
  const writes: string[] = []
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return items.get(key) as T | undefined
    },
    async setItem(key, value) {
      writes.push(JSON.stringify(value))
      items.set(key, value)
    },
    async removeItem(key) {
      items.delete(key)
    },
  }
  return { storage, writes }
}

test('behavior: leaving the page writes a remote change at once, not after the persistence delay', async () => {
  const { account, signature } = await createWallet()
  const a = await startDevice(relay.url)
  const recorded = recordingStorage()
  const b = await startDevice(relay.url, { storage: recorded.storage })
  try {
    await a.client.register({ account, signature })
    await b.client.register({ account, signature })
    // Let every write from registering settle, so none is in flight when the change arrives.
    await new Promise((resolve) => setTimeout(resolve, 300))

    const thread = payloads.thread(7)
    let writtenDuringPageHide: boolean | undefined
    const stop = b.client.subscribe((event) => {
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
