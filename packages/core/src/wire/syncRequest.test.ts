import { describe, expect, test } from 'vitest'
import { WireParseError } from '../errors/wire.js'
import { parseSyncRequest } from './parseSyncRequest.js'
import { SYNC_PUBLISH_OPTIONS } from './syncPublishOptions.js'
import { buildSyncDel, buildSyncSet } from './syncRequest.js'

describe('buildSyncSet / buildSyncDel', () => {
  test('default', () => {
    expect(buildSyncSet({ id: 1684319157629569, key: 'k', value: '{"a":1}' })).toEqual({
      id: 1684319157629569,
      jsonrpc: '2.0',
      method: 'wc_syncSet',
      params: { key: 'k', value: '{"a":1}' },
    })
    expect(buildSyncDel({ id: 7, key: 'k' })).toEqual({
      id: 7,
      jsonrpc: '2.0',
      method: 'wc_syncDel',
      params: { key: 'k' },
    })
  })

  test('behavior: ids default to increasing time-based ids', () => {
    const a = buildSyncSet({ key: 'k', value: '1' })
    const b = buildSyncDel({ key: 'k' })
    expect(b.id).toBeGreaterThan(a.id)
    expect(a.id).toBeGreaterThan(Date.UTC(2020, 0) * 1000)
  })

  test('behavior: round-trips through parseSyncRequest, as object and JSON text', () => {
    const set = buildSyncSet({ key: '__proto__', value: '{"x":"y"}' })
    const del = buildSyncDel({ key: 'constructor' })
    const expectedSet = { method: 'wc_syncSet', id: set.id, key: '__proto__', value: '{"x":"y"}' }
    expect(parseSyncRequest(set)).toEqual({ ok: true, value: expectedSet })
    expect(parseSyncRequest(JSON.stringify(set))).toEqual({ ok: true, value: expectedSet })
    expect(parseSyncRequest(JSON.stringify(del))).toEqual({
      ok: true,
      value: { method: 'wc_syncDel', id: del.id, key: 'constructor' },
    })
  })

  test.each([
    [() => buildSyncSet({ id: 0, key: 'k', value: 'v' }), 'invalid-id'],
    [() => buildSyncSet({ id: 1.5, key: 'k', value: 'v' }), 'invalid-id'],
    [() => buildSyncDel({ id: Number.MAX_SAFE_INTEGER + 1, key: 'k' }), 'invalid-id'],
    [() => buildSyncSet({ key: 5 as unknown as string, value: 'v' }), 'invalid-key'],
    [() => buildSyncSet({ key: 'k', value: { a: 1 } as unknown as string }), 'invalid-value'],
  ])('parameters: bad input %# → WireParseError %s', (build, reason) => {
    let caught: unknown
    try {
      build()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(WireParseError)
    expect((caught as WireParseError).reason).toBe(reason)
  })
})

describe('SYNC_PUBLISH_OPTIONS', () => {
  test('default', () => {
    expect(SYNC_PUBLISH_OPTIONS).toEqual({
      wc_syncSet: { ttl: 2592000, tag: 5000, prompt: false },
      wc_syncDel: { ttl: 2592000, tag: 5002, prompt: false },
    })
    expect(Object.isFrozen(SYNC_PUBLISH_OPTIONS.wc_syncSet)).toBe(true)
  })
})
