import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { z } from 'zod/mini'
import { PayloadValidationError } from '../errors/payload.js'
import { CHAT_STORE_IDS, CHAT_STORES, type ChatStoreId, parseStoreValue } from './catalogue.js'
import { CHAT_STORE_SCHEMAS } from './schemas.js'

// The example payloads of the user's document (usage-of-sync-api.txt).
const sentInvite = {
  id: 1684319157629569,
  message: 'Hey there! Wanna chat?',
  inviterAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  inviteeAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  inviterPubKeyY: 'a579e7742c5e3efb3fa2dc092bfdeef0c877323e498423b1eabae7fb5bda9253',
  inviterPrivKeyY: 'b82c2781ba532ecd069ec89e4e7cda05c7b5dee27b6e08cdf412d22ff3d2517c',
  status: 'pending',
  responseTopic: '0b88a80bbcd9cc4169d9d9f8cf784108d41ef7be89ef5152348941d2dbecfb89',
  symKey: 'e1e01461243ee392d847e8c7df293e88cbc4199550c0a21feec3b7651809eb13',
  timestamp: 1684319157629569,
}
const thread = {
  topic: '1ded8a18c7e702b6eb4439ae9c3528c2d56df25a85ab5f8f289696400d2ec180',
  selfAccount: 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: '7ebf752fd66bbcc95d7f2d70b23bc470a0990f31ea3b5aca909dd63eb96535df',
}
const inviteKeys = {
  publicKey: '09fea56ae6259ae51b6b5a3a080cc382453284e5f1bafe0ce48849401d25d03e',
  privateKey: '80327450269353e1d2d13752805bd8922ef2893ff6041fe5e833ee432d1b1a4d',
  account: 'eip155:1:0x1AAe9864337E821f2F86b5D27468C59AA333C877',
}
const receivedInviteStatus = { id: 1684319157629570, status: 'approved' }

const examples = {
  sentInvites: sentInvite,
  threads: thread,
  inviteKeys,
  receivedInviteStatuses: receivedInviteStatus,
}

function failure(storeId: ChatStoreId, input: unknown): PayloadValidationError {
  const result = parseStoreValue(storeId, input)
  if (result.ok) throw new Error('expected a validation failure')
  expect(result.error).toBeInstanceOf(PayloadValidationError)
  expect(result.error.name).toBe('PayloadValidationError')
  return result.error
}

describe('CHAT_STORES', () => {
  test('default: names and keys', () => {
    expect(CHAT_STORE_IDS).toEqual(['sentInvites', 'threads', 'inviteKeys', 'receivedInviteStatuses'])
    expect(Object.values(CHAT_STORES).map((s) => [s.id, s.name])).toEqual([
      ['sentInvites', 'com.walletconnect.chat.sentInvites'],
      ['threads', 'com.walletconnect.chat.threads'],
      ['inviteKeys', 'com.walletconnect.chat.inviteKeys'],
      ['receivedInviteStatuses', 'com.walletconnect.chat.receivedInviteStatuses'],
    ])
    expect(CHAT_STORES.sentInvites.keyOf(sentInvite as never)).toBe(sentInvite.responseTopic)
    expect(CHAT_STORES.threads.keyOf(thread)).toBe(thread.topic)
    expect(CHAT_STORES.inviteKeys.keyOf(inviteKeys)).toBe(inviteKeys.account)
    expect(CHAT_STORES.receivedInviteStatuses.keyOf(receivedInviteStatus)).toBe('1684319157629570')
  })
})

describe('parseStoreValue', () => {
  test.each(CHAT_STORE_IDS)('default: the example %s payload parses, as object and as JSON text', (id) => {
    const example = examples[id]
    expect(parseStoreValue(id, example)).toEqual({ ok: true, value: example })
    expect(parseStoreValue(id, JSON.stringify(example))).toEqual({ ok: true, value: example })
  })

  test('behavior: unknown fields are kept', () => {
    const result = parseStoreValue('threads', { ...thread, mutedUntil: 5 })
    expect(result.ok && result.value).toEqual({ ...thread, mutedUntil: 5 })
  })

  test('behavior: names store, field and problem', () => {
    const error = failure('sentInvites', {
      ...sentInvite,
      status: 'maybe',
      timestamp: '5',
      symKey: undefined,
    })
    expect(error.store).toBe('com.walletconnect.chat.sentInvites')
    expect(error.issues).toEqual([
      { path: ['status'], problem: 'expected one of "pending", "rejected", "approved"' },
      { path: ['symKey'], problem: 'required string is missing' },
      { path: ['timestamp'], problem: 'expected number, received string' },
    ])
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid payload for store "com.walletconnect.chat.sentInvites".

      - status: expected one of "pending", "rejected", "approved"
      - symKey: required string is missing
      - timestamp: expected number, received string
      Version: @chatsync/core@0.1.0"
    `)
  })

  test.each([
    ['threads', null, [{ path: [], problem: 'expected object, received null' }]],
    ['threads', [], [{ path: [], problem: 'expected object, received array' }]],
    ['threads', '{not json', [{ path: [], problem: 'not valid JSON text' }]],
    [
      'sentInvites',
      { ...sentInvite, id: 1.5 },
      [{ path: ['id'], problem: 'expected integer, received number' }],
    ],
    ['sentInvites', { ...sentInvite, id: -1 }, [{ path: ['id'], problem: 'must be at least 0' }]],
    [
      'receivedInviteStatuses',
      { id: Number.NaN, status: 1 },
      [
        { path: ['id'], problem: 'expected number, received non-finite number' },
        { path: ['status'], problem: 'expected string, received number' },
      ],
    ],
  ] as const)('parameters: %s rejects %j', (id, input, issues) => {
    expect(failure(id, input).issues).toEqual(issues)
  })

  describe('the key field of each store', () => {
    /** Values of a string key field that are refused, with the problem reported (`undefined`: missing). */
    const stringKey = [
      ['empty', '', 'must not be empty'],
      ['missing', undefined, 'required string is missing'],
      ['null', null, 'expected string, received null'],
      ['a number', 7, 'expected string, received number'],
      ['NaN', Number.NaN, 'expected string, received non-finite number'],
      ['a boolean', true, 'expected string, received boolean'],
      ['an array', ['k'], 'expected string, received array'],
      ['an object', {}, 'expected string, received object'],
    ] as const
    const keyRules = {
      sentInvites: ['responseTopic', stringKey],
      threads: ['topic', stringKey],
      inviteKeys: ['account', stringKey],
      receivedInviteStatuses: [
        'id',
        [
          ['empty', '', 'expected number, received string'],
          ['missing', undefined, 'required number is missing'],
          ['null', null, 'expected number, received null'],
          ['a numeric string', '1', 'expected number, received string'],
          ['negative', -1, 'must be at least 0'],
          ['fractional', 1.5, 'expected integer, received number'],
          ['negative and fractional', -0.5, 'expected integer, received number'],
          ['unsafe', 2 ** 53, 'must be at most 9007199254740991'],
          ['NaN', Number.NaN, 'expected number, received non-finite number'],
          ['infinite', Number.POSITIVE_INFINITY, 'expected number, received non-finite number'],
        ],
      ],
    } as const satisfies Record<
      ChatStoreId,
      readonly [string, readonly (readonly [string, unknown, string])[]]
    >

    test.each(CHAT_STORE_IDS)('default: %s takes its key from this field', (id) => {
      const field = keyRules[id][0] as keyof (typeof examples)[typeof id]
      expect(CHAT_STORES[id].keyOf(examples[id] as never)).toBe(String(examples[id][field]))
    })

    test.each(
      CHAT_STORE_IDS.flatMap((id) =>
        keyRules[id][1].map(([name, value, problem]) => [id, keyRules[id][0], name, value, problem] as const),
      ),
    )('parameters: %s refuses its key field %s when %s', (id, field, _, value, problem) => {
      const { [field]: _key, ...rest } = examples[id] as Record<string, unknown>
      const input = value === undefined ? rest : { ...rest, [field]: value }
      expect(failure(id, input).issues).toEqual([{ path: [field], problem }])
    })
  })

  test('behavior: errors never contain payload values', () => {
    const secrets = [inviteKeys.privateKey, sentInvite.inviterPrivKeyY, sentInvite.symKey, thread.symKey]
    const cases: [ChatStoreId, unknown][] = [
      ['inviteKeys', { ...inviteKeys, account: 5 }],
      ['inviteKeys', { ...inviteKeys, privateKey: { nested: inviteKeys.privateKey } }],
      ['inviteKeys', { ...inviteKeys, publicKey: [inviteKeys.privateKey] }],
      ['sentInvites', { ...sentInvite, status: sentInvite.inviterPrivKeyY }],
      ['sentInvites', { ...sentInvite, id: sentInvite.symKey }],
      ['threads', `{"symKey":"${thread.symKey}",`],
      ['threads', thread.symKey],
      ['receivedInviteStatuses', { id: inviteKeys.privateKey, status: inviteKeys.privateKey }],
    ]
    for (const [id, input] of cases) {
      const error = failure(id, input)
      const text = JSON.stringify({ message: error.message, details: error.details, issues: error.issues })
      for (const secret of secrets) expect(text).not.toContain(secret)
      expect(text).not.toContain(inviteKeys.privateKey.slice(0, 16))
    }
  })

  test('parameters: unknown store id', () => {
    expect(failure('nope' as ChatStoreId, thread).issues).toEqual([{ path: [], problem: 'unknown store id' }])
    expect(failure('__proto__' as ChatStoreId, thread).issues).toEqual([
      { path: [], problem: 'unknown store id' },
    ])
  })
})

/** zod's issue in the words chatsync reports (the oracle's side of the property test below). */
function zodProblem(issue: z.core.$ZodIssue): string {
  const kind = (value: unknown) =>
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'number' && !Number.isFinite(value)
          ? 'non-finite number'
          : typeof value
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected
      return issue.input === undefined && issue.path.length > 0
        ? `required ${expected} is missing`
        : `expected ${expected}, received ${kind(issue.input)}`
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`
    case 'too_big':
      return `must be at most ${issue.maximum}`
    default:
      return issue.code
  }
}

describe('parseStoreValue and the zod schemas', () => {
  test.each(CHAT_STORE_IDS)('default: the %s schema takes the example payload', (id) => {
    expect(CHAT_STORE_SCHEMAS[id].safeParse(examples[id]).success).toBe(true)
  })

  test("behavior: each field of a caller's object is read once", () => {
    let reads = 0
    const value = {
      ...thread,
      get topic() {
        reads += 1
        return reads === 1 ? thread.topic : 42
      },
    }
    const result = parseStoreValue('threads', value)
    expect(result.ok && result.value.topic).toBe(thread.topic)
    expect(reads).toBe(1)
  })

  // Values near the valid ones: each field kept, dropped, or replaced with an edge case of another type.
  const edge = fc.oneof(
    fc.constantFrom('', 'pending', 'approved', 'rejected', 'x', null, undefined, true, [], {}),
    fc.constantFrom(0, -0, 1, -1, 0.5, Number.NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 - 1, -(2 ** 53)),
    fc.string(),
    fc.integer(),
    fc.double(),
  )
  const near = (id: ChatStoreId) =>
    fc
      .tuple(
        fc.record(
          Object.fromEntries(
            Object.keys(examples[id]).map((key) => [
              key,
              fc.oneof(
                fc.constant('keep'),
                fc.constant('drop'),
                edge.map((value) => ({ value })),
              ),
            ]),
          ),
        ),
        fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'nested'), edge, {
          maxKeys: 3,
        }),
        fc.constantFrom('object', 'null-prototype', 'text'),
      )
      .map(([changes, extra, form]) => {
        const value: Record<string, unknown> = {}
        for (const [key, original] of Object.entries(examples[id])) {
          const change = changes[key]
          if (change === 'keep') value[key] = original
          else if (typeof change === 'object') value[key] = change.value
        }
        for (const [key, extraValue] of Object.entries(extra))
          Object.defineProperty(value, key, {
            value: extraValue,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        if (form === 'null-prototype') return Object.assign(Object.create(null), value) as unknown
        return form === 'text' ? JSON.stringify(value) : value
      })

  test.each(CHAT_STORE_IDS)(
    'behavior: agrees with zod on values near a valid %s payload (accepted, the copy, the problems)',
    (id) => {
      fc.assert(
        fc.property(near(id), (input) => {
          const result = parseStoreValue(id, input)
          const payload = typeof input === 'string' ? JSON.parse(input) : input
          const zod = CHAT_STORE_SCHEMAS[id].safeParse(payload, { reportInput: true })
          expect(result.ok).toBe(zod.success)
          if (!result.ok && !zod.success)
            expect(result.error.issues).toEqual(
              zod.error.issues
                // zod goes on checking a value of the wrong type (the length of an array where a string
                // is expected): only the type is reported here.
                .filter(
                  (issue, n, all) =>
                    !all
                      .slice(0, n)
                      .some(
                        (before) =>
                          before.code === 'invalid_type' && before.path.join() === issue.path.join(),
                      ),
                )
                .map((issue) => ({ path: issue.path, problem: zodProblem(issue) })),
            )
          if (result.ok && zod.success) {
            // Same own keys, values and prototype. (toStrictEqual would compare an own `constructor` key as a class.)
            const [ours, theirs] = [result.value, zod.data] as Record<string, unknown>[]
            expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(theirs))
            expect(Reflect.ownKeys(ours as object).sort()).toEqual(Reflect.ownKeys(theirs as object).sort())
            for (const key of Object.keys(theirs as object)) expect(ours?.[key]).toEqual(theirs?.[key])
            expect(result.value).not.toBe(input)
          }
        }),
        { numRuns: 2000 },
      )
    },
  )
})
