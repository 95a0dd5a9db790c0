import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { WireParseReason } from '../errors/wire.js'
import { parseSyncRequest } from './parseSyncRequest.js'

const secret = '80327450269353e1d2d13752805bd8922ef2893ff6041fe5e833ee432d1b1a4d'
const valid = {
  id: 1684319157629569,
  jsonrpc: '2.0',
  method: 'wc_syncSet',
  params: { key: 'k', value: secret },
}

const validDel = { id: 1684319157629570, jsonrpc: '2.0', method: 'wc_syncDel', params: { key: 'k' } }

/** `record` with `name` set to `value`, or without it for `undefined`. */
function withMember(record: Record<string, unknown>, name: string, value: unknown) {
  const { [name]: _, ...rest } = record
  return value === undefined ? rest : { ...rest, [name]: value }
}

/** Ids that are not positive safe integers and keys that are not strings, for both methods. */
const badIds: [string, unknown][] = [
  ['missing id', undefined],
  ['id 0', 0],
  ['id -0', -0],
  ['negative id', -5],
  ['fractional id', 1.5],
  ['negative fractional id', -1.5],
  ['unsafe id', 2 ** 53],
  ['negative unsafe id', -(2 ** 53)],
  ['NaN id', Number.NaN],
  ['infinite id', Number.POSITIVE_INFINITY],
  ['numeric string id', '1684319157629569'],
  ['bigint id', 5n],
  ['null id', null],
]
const badKeys: [string, unknown][] = [
  ['missing key', undefined],
  ['numeric key', 1],
  ['null key', null],
  ['array key', ['k']],
  ['object key', { key: 'k' }],
]
const idAndKeyCases = [valid, validDel].flatMap((request): [string, unknown, WireParseReason][] => [
  ...badIds.map(([name, id]): [string, unknown, WireParseReason] => [
    `${name} (${request.method})`,
    withMember(request, 'id', id),
    'invalid-id',
  ]),
  ...badKeys.map(([name, key]): [string, unknown, WireParseReason] => [
    `${name} (${request.method})`,
    { ...request, params: withMember(request.params, 'key', key) },
    'invalid-key',
  ]),
  [`inherited key (${request.method})`, { ...request, params: Object.create(request.params) }, 'invalid-key'],
])

const cases: [string, unknown, WireParseReason][] = [
  ['invalid JSON text', '{"id":1,', 'not-json'],
  ['empty text', '', 'not-json'],
  ['JSON text of a number', '42', 'not-object'],
  ['null', null, 'not-object'],
  ['undefined', undefined, 'not-object'],
  ['an array', [valid], 'not-object'],
  ['a number', 5, 'not-object'],
  ['missing jsonrpc', { ...valid, jsonrpc: undefined }, 'not-jsonrpc'],
  ['jsonrpc 1.0', { ...valid, jsonrpc: '1.0' }, 'not-jsonrpc'],
  ['a response', { id: 1, jsonrpc: '2.0', result: true }, 'not-jsonrpc'],
  ['unknown method', { ...valid, method: 'wc_syncGet' }, 'unknown-method'],
  ['method case', { ...valid, method: 'WC_SYNCSET' }, 'unknown-method'],
  [
    'unsafe id in JSON text',
    '{"id":12345678901234567890,"jsonrpc":"2.0","method":"wc_syncDel","params":{"key":"k"}}',
    'invalid-id',
  ],
  ['missing params', { ...valid, params: undefined }, 'invalid-params'],
  ['array params', { ...valid, params: ['k', 'v'] }, 'invalid-params'],
  ['string params', { ...valid, params: secret }, 'invalid-params'],
  ['object value', { ...valid, params: { key: 'k', value: { secret } } }, 'invalid-value'],
  ['missing value', { ...valid, params: { key: 'k' } }, 'invalid-value'],
  ['null value', { ...valid, params: { key: 'k', value: null } }, 'invalid-value'],
  ...idAndKeyCases,
]

describe('parseSyncRequest', () => {
  test('default', () => {
    expect(parseSyncRequest(valid)).toEqual({
      ok: true,
      value: { method: 'wc_syncSet', id: 1684319157629569, key: 'k', value: secret },
    })
  })

  test('behavior: ignores extra members and returns a fresh object', () => {
    const input = { ...valid, extra: 1, params: { key: 'k', value: 'v', more: true } }
    const result = parseSyncRequest(input)
    expect(result).toEqual({ ok: true, value: { method: 'wc_syncSet', id: valid.id, key: 'k', value: 'v' } })
    expect(
      parseSyncRequest({
        id: 3,
        jsonrpc: '2.0',
        method: 'wc_syncDel',
        params: { key: 'k', value: 'ignored' },
      }),
    ).toEqual({ ok: true, value: { method: 'wc_syncDel', id: 3, key: 'k' } })
  })

  test.each(cases)('parameters: %s → %s', (_, input, reason) => {
    const result = parseSyncRequest(input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.name).toBe('WireParseError')
    expect(result.error.reason).toBe(reason)
    expect(result.error.message).not.toContain(secret)
    expect(result.error.details).not.toContain(secret)
  })

  test('behavior: hostile objects are an error, not a throw', () => {
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    const throwing = {
      get jsonrpc(): string {
        throw new Error(secret)
      },
    }
    for (const input of [revoked.proxy, throwing]) {
      const result = parseSyncRequest(input)
      expect(result.ok === false && result.error.reason).toBe('not-object')
      expect(result.ok === false && result.error.message).not.toContain(secret)
    }
  })

  test('behavior: never throws, on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.json(), fc.string()), (input) => {
        const result = parseSyncRequest(input)
        if (result.ok) {
          expect(['wc_syncSet', 'wc_syncDel']).toContain(result.value.method)
          expect(Number.isSafeInteger(result.value.id) && result.value.id > 0).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})
