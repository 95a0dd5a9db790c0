import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createJsonLinesLog } from './createJsonLinesLog.js'
import { createMessageStore } from './createMessageStore.js'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dev-relay-store-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const publishMany = (
  store: ReturnType<typeof createMessageStore>,
  topic: string,
  count: number,
  from = 'did:key:a',
) =>
  Array.from({ length: count }, (_, i) =>
    store.publish({ topic, message: `m${i}`, ttlSeconds: 60, tag: 1, from }),
  )

describe('createMessageStore', () => {
  test('the publisher has its own messages; others have them undelivered, in publish order', () => {
    const store = createMessageStore()
    publishMany(store, 't1', 2)
    store.publish({ topic: 't2', message: 'x', ttlSeconds: 60, tag: 1, from: 'did:key:a' })
    publishMany(store, 't1', 1, 'did:key:c')
    expect(store.undelivered('did:key:a', ['t1', 't2']).map((m) => m.message)).toEqual(['m0'])
    expect(store.undelivered('did:key:b', ['t2', 't1']).map((m) => m.message)).toEqual([
      'm0',
      'm1',
      'x',
      'm0',
    ])
  })

  test('each message reaches each client once, acked in any order', () => {
    const store = createMessageStore()
    const [m0, m1, m2, m3] = publishMany(store, 't', 4)
    store.markReceived('did:key:b', m2!)
    store.markReceived('did:key:b', m0!)
    store.markReceived('did:key:b', m0!)
    expect(store.undelivered('did:key:b', ['t']).map((m) => m.seq)).toEqual([m1!.seq, m3!.seq])
    expect(store.hasReceived('did:key:b', m2!)).toBe(true)
    expect(store.hasReceived('did:key:b', m1!)).toBe(false)
    store.markReceived('did:key:b', m1!)
    store.markReceived('did:key:b', m3!)
    expect(store.undelivered('did:key:b', ['t'])).toEqual([])
    expect(store.fetch('did:key:b', ['t'], 1000)).toEqual({ messages: [], hasMore: false })
  })

  test('fetch pages by size, marks received, and never returns a message twice', () => {
    const store = createMessageStore()
    for (let i = 0; i < 30; i++) {
      store.publish({
        topic: i % 2 ? 'a' : 'b',
        message: 'x'.repeat(1000),
        ttlSeconds: 60,
        tag: 1,
        from: 'did:key:p',
      })
    }
    const seen: number[] = []
    let pages = 0
    for (;;) {
      const page = store.fetch('did:key:r', ['a', 'b'], 5000)
      pages++
      const bytes = page.messages.reduce((n, m) => n + m.message.length, 0)
      expect(bytes).toBeLessThanOrEqual(5000)
      seen.push(...page.messages.map((m) => m.seq))
      if (!page.hasMore) break
    }
    expect(pages).toBeGreaterThan(5)
    expect(seen).toEqual([...seen].sort((x, y) => x - y))
    expect(new Set(seen).size).toBe(30)
    expect(store.undelivered('did:key:r', ['a', 'b'])).toEqual([])
  })

  test('expired messages are neither fetched nor kept', () => {
    let now = 1_000_000
    const store = createMessageStore({ now: () => now })
    store.publish({ topic: 't', message: 'short', ttlSeconds: 1, tag: 1, from: 'did:key:a' })
    store.publish({ topic: 't', message: 'long', ttlSeconds: 100, tag: 1, from: 'did:key:a' })
    now += 1500
    expect(store.undelivered('did:key:b', ['t']).map((m) => m.message)).toEqual(['long'])
    store.sweep()
    expect(store.size).toBe(1)
    expect(store.fetch('did:key:b', ['t'], 1000).messages.map((m) => m.message)).toEqual(['long'])
  })

  test('messages and delivery state survive a reopen of the log, through compaction too', () => {
    const dir = tempDir()
    const first = createMessageStore({ log: createJsonLinesLog(dir) })
    const sent = publishMany(first, 't', 5)
    first.markReceived('did:key:b', sent[3]!)
    first.fetch('did:key:c', ['t'], 10_000)
    first.close()

    const second = createMessageStore({ log: createJsonLinesLog(dir) })
    expect(second.size).toBe(5)
    expect(second.undelivered('did:key:b', ['t']).map((m) => m.message)).toEqual(['m0', 'm1', 'm2', 'm4'])
    expect(second.undelivered('did:key:c', ['t'])).toEqual([])
    expect(second.undelivered('did:key:a', ['t'])).toEqual([])
    // Numbering continues after the restored messages.
    const next = second.publish({ topic: 't', message: 'later', ttlSeconds: 60, tag: 1, from: 'did:key:a' })
    expect(next.seq).toBeGreaterThan(sent[4]!.seq)
    second.close()

    const third = createMessageStore({ log: createJsonLinesLog(dir) })
    expect(third.undelivered('did:key:c', ['t']).map((m) => m.message)).toEqual(['later'])
    third.close()
  })

  test('a line torn by a crash is skipped; everything before it is restored', () => {
    const dir = tempDir()
    const first = createMessageStore({ log: createJsonLinesLog(dir) })
    publishMany(first, 't', 3)
    first.close()
    appendFileSync(join(dir, 'relay.jsonl'), '{"t":"m","q":99,"p":"t","m":"tor')
    const second = createMessageStore({ log: createJsonLinesLog(dir) })
    expect(second.undelivered('did:key:b', ['t']).map((m) => m.message)).toEqual(['m0', 'm1', 'm2'])
    second.close()
  })

  test('the log is compacted once expired messages dominate it', () => {
    const dir = tempDir()
    let now = 5_000_000
    const log = createJsonLinesLog(dir)
    const store = createMessageStore({ log, now: () => now })
    for (let i = 0; i < 1500; i++)
      store.publish({
        topic: `t${i % 10}`,
        message: 'x'.repeat(100),
        ttlSeconds: 1,
        tag: 1,
        from: 'did:key:a',
      })
    store.publish({ topic: 'kept', message: 'kept', ttlSeconds: 600, tag: 1, from: 'did:key:a' })
    log.flush()
    const before = readFileSync(join(dir, 'relay.jsonl'), 'utf8').length
    now += 2000
    store.sweep()
    store.close()
    const after = readFileSync(join(dir, 'relay.jsonl'), 'utf8')
    expect(after.length).toBeLessThan(before / 100)
    const reopened = createMessageStore({ log: createJsonLinesLog(dir), now: () => now })
    expect(reopened.size).toBe(1)
    expect(reopened.undelivered('did:key:b', ['kept']).map((m) => m.message)).toEqual(['kept'])
    reopened.close()
  })
})
