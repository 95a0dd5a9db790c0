import { describe, expect, test, vi } from 'vitest'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { beginReading, markClean, type ReaderMarker, readerMarkerKey } from './readerMarker.js'

const storageKey = 'chatsync@1//account:eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const markerKey = 'chatsync@1//reader:eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const clientId = 'did:key:this-client'

/** Storage in memory; its writes finish a few turns after they start, like a real storage's. */
function memoryStorage(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(initial))
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined
    },
    async setItem(key, value) {
      await new Promise((resolve) => setTimeout(resolve, 1))
      data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      data.delete(key)
    },
  }
  return { storage, data }
}

const marker = (fields: Partial<ReaderMarker> & Record<string, unknown> = {}) => ({
  clientId,
  clean: false,
  token: 'left-by-the-last-start',
  ...fields,
})

async function decide(
  previous: unknown,
  { hasRecord = true, cleanToken = undefined as string | undefined, id = clientId } = {},
) {
  const { storage, data } = memoryStorage(previous === undefined ? {} : { [markerKey]: previous })
  const result = await beginReading({ storage, storageKey, clientId: id, hasRecord, cleanToken })
  return { ...result, stored: data.get(markerKey) }
}

describe('readerMarker', () => {
  test('default: the marker sits beside the account record', () => {
    expect(readerMarkerKey(storageKey)).toBe(markerKey)
  })

  test('behavior: every start marks the account unclean under its client id, with a fresh token, before it resolves', async () => {
    const first = await decide(undefined, { hasRecord: false })
    expect(first.marker).toEqual({ clientId, clean: false, token: expect.stringMatching(/^[0-9a-f]{24}$/) })
    expect(first.stored).toEqual(first.marker)
    const second = await decide(marker({ clean: true }))
    expect(second.stored).toEqual(second.marker)
    expect(second.marker.clean).toBe(false)
    expect(second.marker.token).not.toBe(first.marker.token)
    expect(second.marker.token).not.toBe('left-by-the-last-start')
  })

  test('behavior: the token is 12 random bytes as 24 hex digits', async () => {
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      const bytes = array as Uint8Array
      for (let index = 0; index < bytes.length; index++) bytes[index] = index * 20
      return array
    })
    try {
      const { marker: started } = await decide(undefined, { hasRecord: false })
      expect(started.token).toBe('0014283c5064788ca0b4c8dc')
    } finally {
      random.mockRestore()
    }
  })

  test('behavior: a first registration under this client id needs no rebuild; a record without a marker (an older version) does', async () => {
    expect((await decide(undefined, { hasRecord: false })).rebuild).toBe(false)
    expect((await decide(undefined, { hasRecord: true })).rebuild).toBe(true)
  })

  test('behavior: after a clean stop, no rebuild; after anything else under the same client id, a rebuild', async () => {
    expect((await decide(marker({ clean: true }))).rebuild).toBe(false)
    expect((await decide(marker({ clean: false }))).rebuild).toBe(true)
    // Whether a record was found does not matter once there is a marker.
    expect((await decide(marker({ clean: false }), { hasRecord: false })).rebuild).toBe(true)
    expect((await decide(marker({ clean: true }), { hasRecord: true })).rebuild).toBe(false)
  })

  test('behavior: the token a page left as it went clean counts as a clean stop; another token does not', async () => {
    const unclean = marker({ clean: false, token: 'abc' })
    expect((await decide(unclean, { cleanToken: 'abc' })).rebuild).toBe(false)
    expect((await decide(unclean, { cleanToken: 'abd' })).rebuild).toBe(true)
    expect((await decide(unclean, { cleanToken: undefined })).rebuild).toBe(true)
  })

  test('behavior: another client id (the core’s storage was reset) has been handed nothing yet: no rebuild', async () => {
    expect((await decide(marker({ clean: false }), { id: 'did:key:a-new-client' })).rebuild).toBe(false)
    const { marker: next } = await decide(marker({ clean: false }), { id: 'did:key:a-new-client' })
    expect(next.clientId).toBe('did:key:a-new-client')
  })

  test.each([
    ['a client id that is not a string', marker({ clean: true, clientId: 42 as never })],
    ['a clean flag that is not a boolean', marker({ clean: 'yes' as never })],
    ['a token that is not a string', marker({ clean: true, token: 7 as never })],
    ['no token', { clientId, clean: true }],
    ['an array', [clientId, true, 'token']],
    ['null', null],
    ['text', 'clean'],
  ])('behavior: an unreadable marker (%s) counts as none', async (_, previous) => {
    expect((await decide(previous, { hasRecord: true })).rebuild).toBe(true)
    expect((await decide(previous, { hasRecord: false })).rebuild).toBe(false)
  })

  test('behavior: a token that is not a string never matches the page’s token', async () => {
    const previous = marker({ clean: false, token: undefined as never })
    expect((await decide(previous, { hasRecord: true, cleanToken: undefined })).rebuild).toBe(true)
  })

  test('behavior: a marker storage cannot read counts as none; one it cannot write fails the start', async () => {
    const { storage } = memoryStorage()
    const failingRead: ChatSyncStorage = {
      ...storage,
      getItem: async () => {
        throw new Error('unreadable')
      },
    }
    await expect(
      beginReading({ storage: failingRead, storageKey, clientId, hasRecord: true, cleanToken: undefined }),
    ).resolves.toMatchObject({ rebuild: true })
    const failingWrite: ChatSyncStorage = {
      ...storage,
      setItem: async () => {
        throw new Error('disk full')
      },
    }
    await expect(
      beginReading({ storage: failingWrite, storageKey, clientId, hasRecord: false, cleanToken: undefined }),
    ).rejects.toThrow('disk full')
  })

  test('behavior: markClean keeps the start’s client id and token, and the next start needs no rebuild', async () => {
    const { storage, data } = memoryStorage()
    const { marker: started } = await beginReading({
      storage,
      storageKey,
      clientId,
      hasRecord: false,
      cleanToken: undefined,
    })
    await markClean(storage, storageKey, started)
    expect(data.get(markerKey)).toEqual({ ...started, clean: true })
    const next = await beginReading({ storage, storageKey, clientId, hasRecord: true, cleanToken: undefined })
    expect(next.rebuild).toBe(false)
    // That start marked it unclean again: a kill now means a rebuild.
    const afterKill = await beginReading({
      storage,
      storageKey,
      clientId,
      hasRecord: true,
      cleanToken: undefined,
    })
    expect(afterKill.rebuild).toBe(true)
  })
})
