import { describe, expect, test, vi } from 'vitest'
import { emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { decodePersistedAccount, encodePersistedAccount } from './persistedAccount.js'
import {
  randomId,
  readSlot,
  recordBytes,
  removeChunks,
  removeSlot,
  type SlotRecord,
  writeSnapshot,
} from './snapshotSlots.js'
import { chunkKey, slotKey } from './storageKeys.js'
import { testAccount } from './testAccount.fixture.js'

const { account, base, topics } = testAccount
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
/** Thread `n`'s key (its topic: the store's key is checked against the value). */
const key = (n: number) => `${hex(n, 8)}${'e'.repeat(56)}`

/** A record of `threads` threads and one undelivered write, with its snapshot bookkeeping. */
function recordOf(threads: number, copies?: string): SlotRecord {
  const entries: Record<string, unknown> = Object.create(null)
  const ids: Record<string, number> = Object.create(null)
  for (let n = 0; n < threads; n++) {
    entries[key(n)] = {
      topic: key(n),
      selfAccount: account,
      peerAccount: `eip155:1:0x${hex(n, 40)}`,
      symKey: 'f'.repeat(64),
    }
    ids[key(n)] = n + 1
  }
  const empty = emptyStores()
  const stores = { ...empty, threads: { entries, ids } as typeof empty.threads }
  const outbox: OutboxItem[] = [
    { store: 'threads', method: 'wc_syncDel', id: threads + 1, key: key(threads) },
  ]
  const record = encodePersistedAccount({ account, signature: 'secret', topics, stores, outbox, copies })
  return { ...record, generation: 3, journalFrom: 7 }
}

/** What reading `record` back must give (checked to hold its threads and write, so that it says something). */
function restoredOf(record: SlotRecord, threads: number) {
  const restored = decodePersistedAccount(record, account)
  expect(Object.keys(restored?.stores.threads.ids ?? {})).toHaveLength(threads)
  expect(restored?.outbox).toHaveLength(1)
  return restored
}

/** Storage keeping values as JSON text, as real ones do; `log` lists what was done, in order. */
function createStorage() {
  const data = new Map<string, string>()
  const log: string[] = []
  const name = (key: string) => key.slice(key.indexOf('//') + 2).replace(account, '…')
  const storage: ChatSyncStorage = {
    async getItem(key) {
      log.push(`get ${name(key)}`)
      const text = data.get(key)
      return text === undefined ? undefined : JSON.parse(text)
    },
    async setItem(key, value) {
      log.push(`set ${name(key)}`)
      data.set(key, JSON.stringify(value))
    },
    async removeItem(key) {
      log.push(`remove ${name(key)}`)
      data.delete(key)
    },
  }
  return {
    storage,
    log,
    keys: () => [...data.keys()].map(name).sort(),
    get: (key: string) => JSON.parse(data.get(key) as string),
    put: (key: string, value: unknown) => data.set(key, JSON.stringify(value)),
    /** Bytes storage holds (each value's JSON text in UTF-8). */
    bytes: () => [...data.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    drop: (key: string) => data.delete(key),
  }
}

const head = (slot: 0 | 1) => `set ${slot === 0 ? 'account' : 'account-b'}:…`
const piece = (verb: string, slot: 0 | 1, index: number) => `${verb} chunk:…:${slot}:${index}`
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => from + n)
const read = (storage: ChatSyncStorage, slot: 0 | 1 = 1) => readSlot(storage, base, slot, account, undefined)

/** Writes `record` in pieces of at most 2,000 bytes into slot 1 (empty). */
async function writeChunked(record: SlotRecord) {
  const stored = createStorage()
  const written = await writeSnapshot({
    storage: stored.storage,
    base,
    slot: 1,
    record,
    chunksThere: 0,
    maxBytes: 2_000,
  })
  return { ...stored, written }
}

describe('writeSnapshot and readSlot', () => {
  test('behavior: a record that fits is its slot head alone, one of exactly the size allowed too', async () => {
    const record = recordOf(3)
    const { storage, log, keys, bytes } = createStorage()
    const written = await writeSnapshot({
      storage,
      base,
      slot: 0,
      record,
      chunksThere: 0,
      maxBytes: recordBytes(record),
    })
    expect(written).toEqual({ bytes: bytes(), chunks: 0 })
    expect(log).toEqual([head(0)])
    expect(keys()).toEqual([`account:…`])
    expect(await read(storage, 0)).toEqual({
      head: true,
      chunks: 0,
      snapshot: { generation: 3, journalFrom: 7, restored: restoredOf(record, 3), bytes: written.bytes },
    })
  })

  test.each([
    ['without copies', undefined],
    ['with copies', '{"copies":"x"}'.repeat(100)],
    ['with empty copies', ''],
  ])(
    'behavior: a larger record (%s) goes in pieces, in order, before its head, and reads back whole',
    async (_, copies) => {
      const record = recordOf(40, copies)
      const { storage, log, get, bytes, written } = await writeChunked(record)
      expect(written.chunks).toBeGreaterThan(3)
      expect(log).toEqual([...range(0, written.chunks).map((index) => piece('set', 1, index)), head(1)])
      // Its head names no topics at the top: an earlier version reads it as unusable, not as an empty account.
      expect(get(slotKey(base, 1))).not.toHaveProperty('topics')
      // The size counted leaves room for each piece's other fields.
      expect(written.bytes).toBeGreaterThanOrEqual(bytes())
      expect(written.bytes).toBeLessThanOrEqual(bytes() + 128 * written.chunks)
      const restored = restoredOf(record, 40)
      expect(restored?.copies).toBe(copies)
      expect(await read(storage)).toEqual({
        head: true,
        chunks: written.chunks,
        snapshot: { generation: 3, journalFrom: 7, restored, bytes: written.bytes },
      })
    },
  )

  test('behavior: a record whose texts fit in one piece but whose head would not is one piece and its head', async () => {
    const record = recordOf(3, 'copies')
    const { storage } = createStorage()
    const maxBytes = recordBytes(record) - 1
    const written = await writeSnapshot({ storage, base, slot: 1, record, chunksThere: 0, maxBytes })
    expect(written.chunks).toBe(1)
    expect((await read(storage)).snapshot?.restored).toEqual(restoredOf(record, 3))
  })
})

describe('randomId', () => {
  test('parameters: 8 random bytes as 16 hex digits, small bytes padded', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      new Uint8Array((array as Uint8Array).buffer).set([0, 1, 15, 16, 127, 128, 254, 255])
      return array
    })
    try {
      expect(randomId()).toBe('00010f107f80feff')
    } finally {
      spy.mockRestore()
    }
    expect(randomId()).toMatch(/^[0-9a-f]{16}$/)
  })
})

describe('removing pieces', () => {
  test('behavior: writing into a slot first removes what an earlier record left, from the last piece down', async () => {
    const { storage, log, keys, written } = await writeChunked(recordOf(40))
    const pieces = written.chunks
    log.splice(0)
    // Not known: the pieces are looked for one by one.
    await writeSnapshot({ storage, base, slot: 1, record: recordOf(1), chunksThere: undefined })
    expect(log).toEqual([
      ...range(0, pieces + 1).map((index) => piece('get', 1, index)),
      ...range(0, pieces).map((index) => piece('remove', 1, pieces - 1 - index)),
      head(1),
    ])
    expect(keys()).toEqual(['account-b:…'])
  })

  test('behavior: a known count of pieces is removed without looking for more, and none when there are none', async () => {
    const { storage, log, keys, written } = await writeChunked(recordOf(40))
    const pieces = written.chunks
    log.splice(0)
    await writeSnapshot({
      storage,
      base,
      slot: 1,
      record: recordOf(20),
      chunksThere: pieces,
      maxBytes: 2_000,
    })
    const now = keys().length - 1
    expect(now).toBeLessThan(pieces)
    expect(log).toEqual([
      ...range(0, pieces).map((index) => piece('remove', 1, pieces - 1 - index)),
      ...range(0, now).map((index) => piece('set', 1, index)),
      head(1),
    ])
    log.splice(0)
    await removeChunks(storage, base, 1, { from: 0, known: now, exact: true })
    expect(log).toEqual(range(0, now).map((index) => piece('remove', 1, now - 1 - index)))
    log.splice(0)
    await writeSnapshot({ storage, base, slot: 1, record: recordOf(1), chunksThere: 0 })
    expect(log).toEqual([head(1)])
  })

  test('behavior: removing a slot removes its pieces, those past the known count too, then its head', async () => {
    const { storage, log, keys, written } = await writeChunked(recordOf(40))
    log.splice(0)
    await removeSlot(storage, base, 1, 2)
    expect(log).toEqual([
      ...range(2, written.chunks + 1).map((index) => piece('get', 1, index)),
      ...range(0, written.chunks).map((index) => piece('remove', 1, written.chunks - 1 - index)),
      'remove account-b:…',
    ])
    expect(keys()).toEqual([])
  })
})

describe('readSlot', () => {
  test('behavior: an empty slot has no head; a value there that is not a record is a head that cannot be read', async () => {
    const { storage, put } = createStorage()
    expect(await read(storage)).toEqual({ head: false, chunks: 0 })
    put(slotKey(base, 1), 'not a record')
    expect(await read(storage)).toEqual({ head: true, chunks: 0 })
  })

  test('behavior: a record of another account is a head that cannot be read', async () => {
    const { storage, put } = createStorage()
    put(slotKey(base, 1), { ...recordOf(1), account: 'eip155:1:0x0000000000000000000000000000000000000001' })
    expect(await read(storage)).toEqual({ head: true, chunks: 0 })
  })

  test('behavior: bookkeeping that is not a natural number reads as 0', async () => {
    for (const [generation, journalFrom] of [
      [-2, 1.5],
      ['4', Number.MAX_SAFE_INTEGER + 1],
    ]) {
      const { storage, put } = createStorage()
      put(slotKey(base, 1), { ...recordOf(1), generation, journalFrom })
      expect((await read(storage)).snapshot).toMatchObject({ generation: 0, journalFrom: 0 })
    }
  })

  test.each(['stores', 'outbox', 'copies'])(
    'behavior: a record lacking its %s text (missing, or copies null) reads as one without it, at its size',
    async (text) => {
      const { storage, put, get, bytes } = createStorage()
      const record: Record<string, unknown> = { ...recordOf(2, 'copies') }
      if (text === 'copies') record.copies = null
      else delete record[text]
      put(slotKey(base, 1), record)
      const { snapshot } = await read(storage)
      expect(snapshot?.bytes).toBe(bytes())
      expect(snapshot?.restored).toEqual(decodePersistedAccount(get(slotKey(base, 1)), account))
      if (text === 'stores') expect(snapshot?.restored.stores).toEqual(emptyStores())
      else expect(snapshot?.restored.stores.threads.ids).toHaveProperty(key(1))
      if (text === 'outbox') expect(snapshot?.restored.outbox).toEqual([])
      if (text === 'copies') expect(snapshot?.restored.copies).toBeUndefined()
    },
  )
})

describe('a chunked record is read only with all of its own pieces, as written', () => {
  type Stored = { head: { chunked: { id?: string; lengths: unknown } }; pieces: Record<string, unknown>[] }
  const damages: [string, (stored: Stored, texts: { stores: number; outbox: number }) => void][] = [
    ['a piece missing', ({ pieces }) => pieces.splice(2, 1, undefined as never)],
    [
      'a piece of another record',
      ({ pieces }) => Object.assign(pieces[1] as object, { id: '0123456789abcdef' }),
    ],
    ['two pieces swapped', ({ pieces }) => pieces.splice(0, 2, pieces[1] as never, pieces[0] as never)],
    ['a piece of another version', ({ pieces }) => Object.assign(pieces[0] as object, { v: 2 })],
    [
      'a piece whose text is not text',
      ({ pieces }) => Object.assign(pieces[1] as object, { text: [pieces[1]?.text] }),
    ],
    [
      'no ids',
      ({ head, pieces }) => {
        delete head.chunked.id
        for (const piece of pieces) delete piece.id
      },
    ],
    ['lengths that are not a list', ({ head }) => Object.assign(head.chunked, { lengths: '0,0,-1' })],
    [
      'lengths that do not add up',
      ({ head }, { stores, outbox }) => Object.assign(head.chunked, { lengths: [stores, outbox - 1, -1] }),
    ],
    [
      'copies of length -2',
      ({ head }, { stores, outbox }) => Object.assign(head.chunked, { lengths: [stores, outbox, -2] }),
    ],
    [
      'a negative stores length, the total the same',
      ({ head }, { stores, outbox }) =>
        Object.assign(head.chunked, { lengths: [-1, stores + outbox + 1, -1] }),
    ],
    [
      'a negative outbox length, the total the same',
      ({ head }, { stores, outbox }) =>
        Object.assign(head.chunked, { lengths: [stores + outbox + 1, -1, -1] }),
    ],
  ]

  test.each(damages)('parameters: %s: unreadable', async (_, damage) => {
    const record = recordOf(40)
    const { storage, get, put, drop, written } = await writeChunked(record)
    const keys = range(0, written.chunks).map((index) => chunkKey(base, 1, index))
    const stored: Stored = { head: get(slotKey(base, 1)), pieces: keys.map(get) }
    expect(stored.head.chunked.lengths).toEqual([record.stores.length, record.outbox.length, -1])
    damage(stored, { stores: record.stores.length, outbox: record.outbox.length })
    put(slotKey(base, 1), stored.head)
    for (const [index, key] of keys.entries()) {
      const piece = stored.pieces[index]
      if (piece === undefined) drop(key)
      else put(key, piece)
    }
    expect(await read(storage)).toEqual({ head: true, chunks: written.chunks })
  })
})
