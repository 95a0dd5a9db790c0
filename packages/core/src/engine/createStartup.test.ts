import { describe, expect, test, vi } from 'vitest'
import { emptyStores } from './accountSnapshot.js'
import type { ChatSyncStorage } from './chatSyncCore.js'
import { createStartup } from './createStartup.js'

/** A storage in memory whose writes can be held and can fail. */
function memoryStorage() {
  const data = new Map<string, unknown>()
  const log: string[] = []
  let failing = false
  let gate: Promise<void> | undefined
  const storage = {
    async getItem(key: string) {
      if (failing) throw new Error('storage down')
      return data.get(key)
    },
    async setItem(key: string, value: unknown) {
      await gate
      if (failing) throw new Error('storage down')
      log.push(`set ${String(value)}`)
      data.set(key, value)
    },
    async removeItem(key: string) {
      await gate
      if (failing) throw new Error('storage down')
      log.push('remove')
      data.delete(key)
    },
  } as unknown as ChatSyncStorage
  return {
    storage,
    data,
    log,
    fail(on: boolean) {
      failing = on
    },
    hold() {
      let open = () => {}
      gate = new Promise((resolve) => {
        open = resolve
      })
      return () => {
        gate = undefined
        open()
      }
    },
  }
}

const start = (coreReady: PromiseLike<unknown> | undefined, memory = memoryStorage()) => {
  const onPreview = vi.fn()
  const startup = createStartup({ coreReady, storage: memory.storage, key: 'recent', onPreview })
  return { startup, onPreview, memory }
}

describe('createStartup', () => {
  test('default: without a coreReady the core is ready at once; with one, once it settles, even rejected', async () => {
    expect(start(undefined).startup.isCoreReady).toBe(true)
    let resolve = () => {}
    const { startup } = start(new Promise<void>((done) => (resolve = done)))
    expect(startup.isCoreReady).toBe(false)
    resolve()
    await startup.coreReady
    expect(startup.isCoreReady).toBe(true)
    const failed = start(Promise.reject(new Error('sign client failed'))).startup
    await expect(failed.coreReady).resolves.toBeUndefined()
    expect(failed.isCoreReady).toBe(true)
  })

  test('behavior: a preview is the stored state, syncing and restored, with the outbox keys unsynced', () => {
    const { startup, onPreview } = start(undefined)
    const stores = emptyStores()
    startup.preview(
      'eip155:1:0xA',
      {
        stores,
        outbox: [{ store: 'threads', method: 'wc_syncSet', id: 1, key: 't', value: '{}' }],
      },
      'offline',
    )
    const preview = startup.previews.get('eip155:1:0xA')!
    expect(preview).toMatchObject({ status: 'syncing', stores, restored: true, connection: 'offline' })
    expect([...preview.unsynced.threads]).toEqual(['t'])
    expect(Object.isFrozen(preview)).toBe(true)
    expect(onPreview).toHaveBeenCalledWith('eip155:1:0xA')
  })

  test('behavior: the recent account is written in order; cleared only while it is that account', async () => {
    const { startup, memory } = start(undefined)
    expect(await startup.recent.get()).toBeUndefined()
    const release = memory.hold()
    void startup.recent.set('a')
    void startup.recent.set('b')
    void startup.recent.clear('a')
    release()
    await startup.recent.settled()
    expect(memory.log).toEqual(['set a', 'set b'])
    expect(await startup.recent.get()).toBe('b')
    await startup.recent.clear('b')
    expect(memory.log).toEqual(['set a', 'set b', 'remove'])
    expect(await startup.recent.get()).toBeUndefined()
  })

  test('error: a storage that fails or holds something else gives no recent account, and later writes still run', async () => {
    const { startup, memory } = start(undefined)
    memory.data.set('recent', 42)
    expect(await startup.recent.get()).toBeUndefined()
    memory.data.set('recent', '')
    expect(await startup.recent.get()).toBeUndefined()
    memory.fail(true)
    expect(await startup.recent.get()).toBeUndefined()
    await expect(startup.recent.set('a')).resolves.toBeUndefined()
    await expect(startup.recent.clear('a')).resolves.toBeUndefined()
    memory.fail(false)
    await startup.recent.set('c')
    expect(await startup.recent.get()).toBe('c')
  })
})
