import { randomBytes as randomBytesOf } from 'node:crypto'
import { payloads } from '@chatsync/test'
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../src/stores/catalogue.js'

/*
 * Arbitraries of hostile messages on a store topic, as a peer that may or may not hold the store keys
 * could publish them. Every message they make must be dropped: none is a valid change (the cases
 * where a generator could hit one by chance are excluded, see each kind).
 */

export type StoreSymKeys = Record<ChatStoreId, { symKey: string }>
export type HostileMessage = { store: ChatStoreId; message: string }
export type HostileKind =
  | 'random bytes'
  | 'truncated envelopes'
  | 'envelopes with random JSON'
  | 'JSON-RPC with random params'
  | 'prototype-pollution keys'
  | 'huge strings'

/** Ids of valid changes: time-based like `payloadId()`, and newer than anything written before. */
const idBase = (Date.now() + 60_000) * 1000
const syncId = fc.integer({ min: 0, max: 999_999 }).map((n) => idBase + n)
const store = fc.constantFrom(...CHAT_STORE_IDS)
/** Payload numbers that no scenario writes as a valid change. */
const payloadNumber = fc.integer({ min: 5_000_000, max: 9_000_000 })

/**
 * A WalletConnect type-0 envelope: base64(0x00 ‖ iv ‖ ChaCha20-Poly1305(symKey, iv, text)), what
 * `core.crypto.encode` makes (the pure-JS base64 of `@walletconnect/utils` would make the huge cases slow).
 */
export function seal(symKey: string, text: string): string {
  const iv = randomBytesOf(12)
  const sealed = chacha20poly1305(hexToBytes(symKey), iv).encrypt(new TextEncoder().encode(text))
  return Buffer.concat([Buffer.from([0]), iv, sealed]).toString('base64')
}

/** A JSON object written by hand, so `__proto__` and friends can be own members of the text. */
const object = (entries: readonly (readonly [string, string])[]) =>
  `{${entries.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`

/** A valid payload of `store` as an object and its entry key. */
export function validPayload(
  storeId: ChatStoreId,
  n: number,
): { key: string; value: Record<string, unknown> } {
  switch (storeId) {
    case 'sentInvites': {
      const value = payloads.sentInvite(n)
      return { key: value.responseTopic, value }
    }
    case 'threads': {
      const value = payloads.thread(n)
      return { key: value.topic, value }
    }
    case 'inviteKeys': {
      const value = payloads.inviteKeys(n)
      return { key: value.account, value }
    }
    case 'receivedInviteStatuses': {
      const value = payloads.receivedInviteStatus(n)
      return { key: String(value.id), value }
    }
  }
}

/** The JSON-RPC text of a valid `wc_syncSet` of a fresh payload (what a truncation starts from). */
export function validSetText(storeId: ChatStoreId, n: number, id: number) {
  const { key, value } = validPayload(storeId, n)
  return JSON.stringify({
    id,
    jsonrpc: '2.0',
    method: 'wc_syncSet',
    params: { key, value: JSON.stringify(value) },
  })
}

const bytesAsBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

function randomBytes(): fc.Arbitrary<Omit<HostileMessage, 'store'>> {
  return fc
    .oneof(
      // What a relay message is: base64 text.
      fc.uint8Array({ minLength: 1, maxLength: 4096 }).map(bytesAsBase64),
      // Bytes that look like an encrypted (type 0) envelope of a plausible size.
      fc.uint8Array({ minLength: 29, maxLength: 2048 }).map((bytes) => {
        bytes[0] = 0
        return bytesAsBase64(bytes)
      }),
      // Raw bytes, not base64 at all.
      fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    )
    .map((message) => ({ message }))
}

function truncatedEnvelopes(keys: StoreSymKeys, minLength: number): fc.Arbitrary<HostileMessage> {
  return fc
    .record({ store, n: payloadNumber, id: syncId, at: fc.noBias(fc.integer({ min: 0, max: 1_000_000 })) })
    .map(({ store, n, id, at }) => {
      const full = seal(keys[store].symKey, validSetText(store, n, id))
      // Cutting only `=` padding leaves the same bytes (base64 decoders accept it unpadded): that is
      // the valid message, not a truncated one.
      const padding = full.length - full.replace(/=+$/, '').length
      const longest = full.length - padding - 1
      const cut = Math.min(longest, Math.max(minLength, Math.floor((at / 1_000_000) * (longest + 1))))
      return { store, message: full.slice(0, cut) }
    })
}

function envelopesWithRandomJson(keys: StoreSymKeys): fc.Arbitrary<HostileMessage> {
  return fc
    .record({ store, json: fc.jsonValue({ maxDepth: 4 }) })
    .map(({ store, json }) => ({ store, message: seal(keys[store].symKey, JSON.stringify(json)) }))
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function jsonRpcWithRandomParams(keys: StoreSymKeys): fc.Arbitrary<HostileMessage> {
  const params = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    // Close to the real shape: members of the right names with random contents.
    fc.record(
      {
        key: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 })),
        value: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: [] },
    ),
  )
  return fc
    .record({ store, id: syncId, method: fc.constantFrom('wc_syncSet', 'wc_syncDel'), params })
    .filter(
      // A delete with a string key is a valid change whatever the key: not hostile.
      ({ method, params }) =>
        !(method === 'wc_syncDel' && isRecord(params) && typeof params.key === 'string'),
    )
    .map(({ store, id, method, params }) => ({
      store,
      message: seal(keys[store].symKey, JSON.stringify({ id, jsonrpc: '2.0', method, params })),
    }))
}

const polluter = fc.constantFrom('__proto__', 'constructor', 'prototype')
const pollutionWord = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
)
type Member = readonly [string, string]

/**
 * Requests that would be valid changes, except that one member they need is present only under
 * `__proto__`, `constructor` or `prototype` (where an inherited-property lookup or an unsafe merge would
 * find it), plus random pollution members elsewhere. Reading own members only, each is invalid.
 */
function prototypePollution(keys: StoreSymKeys): fc.Arbitrary<HostileMessage> {
  const extra = fc.array(
    fc.tuple(
      polluter,
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    ),
    { maxLength: 3 },
  )
  const deleteKey = fc.oneof(pollutionWord, fc.string({ minLength: 1 }))
  const hidden = fc.constantFrom(
    'method',
    'jsonrpc',
    'id',
    'key',
    'nested-key',
    'value',
    'payload field',
    'method name',
  )
  return fc
    .record({
      store,
      id: syncId,
      n: payloadNumber,
      deleteKey,
      word: pollutionWord,
      hidden,
      via: polluter,
      top: extra,
      inParams: extra,
      inValue: extra,
    })
    .map(({ store, id, n, deleteKey, word, hidden, via, top, inParams, inValue }) => {
      const { key, value } = validPayload(store, n)
      const valueMembers: Member[] = Object.entries(value).map(([k, v]) => [k, JSON.stringify(v)])
      let valueText = object([...valueMembers, ...inValue])
      if (hidden === 'payload field') {
        const [first, ...rest] = valueMembers as [Member, ...Member[]]
        valueText = object([...rest, [via, object([first])], ...inValue])
      }
      let method = 'wc_syncSet'
      let params: Member[] = [
        ['key', JSON.stringify(key)],
        ['value', JSON.stringify(valueText)],
      ]
      if (hidden === 'key') {
        method = 'wc_syncDel'
        params = [[via, object([['key', JSON.stringify(deleteKey)]])]]
      } else if (hidden === 'nested-key') {
        method = 'wc_syncDel'
        params = [['constructor', object([['prototype', object([['key', JSON.stringify(deleteKey)]])]])]]
      } else if (hidden === 'value') {
        params = [
          ['key', JSON.stringify(key)],
          [via, object([['value', JSON.stringify(valueText)]])],
        ]
      } else if (hidden === 'method name') {
        method = word
      }
      const members: Member[] = [
        ['id', String(id)],
        ['jsonrpc', '"2.0"'],
        ['method', JSON.stringify(method)],
        ['params', object([...params, ...inParams])],
      ]
      const visible = members.filter(([name]) => name !== hidden)
      const concealed = members.filter(([name]) => name === hidden)
      const text = object([
        ...visible,
        ...(concealed.length > 0 ? [[via, object(concealed)] as const] : []),
        ...top,
      ])
      return { store, message: seal(keys[store].symKey, text) }
    })
}

function hugeStrings(keys: StoreSymKeys, maxLength: number): fc.Arbitrary<HostileMessage> {
  const limit = 32 * 1024
  const ascii = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...'abcXYZ0189 -_.:') })
  const anyText = fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' })
  const length = fc.noBias(fc.integer({ min: limit + 1, max: maxLength }))
  const sealedLength = fc.noBias(fc.integer({ min: 8 * 1024, max: maxLength }))
  const repeat = ({ length, unit }: { length: number; unit: string }) =>
    unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
  return fc.oneof(
    // Raw text over the engine's message limit.
    fc
      .record({ store, length, unit: anyText })
      .map(({ store, ...filler }) => ({ store, message: repeat(filler) })),
    // A sealed set whose value (random text, no payload) makes the envelope long; under the limit it
    // fails the payload schema, over it the size check.
    fc
      .record({ store, id: syncId, key: fc.string(), length: sealedLength, unit: ascii })
      .map(({ store, id, key, length, unit }) => {
        const value = repeat({ length: Math.floor((length * 3) / 4) - 200, unit })
        const text = JSON.stringify({ id, jsonrpc: '2.0', method: 'wc_syncSet', params: { key, value } })
        return { store, message: seal(keys[store].symKey, text) }
      }),
  )
}

/** The arbitrary of one kind. `relayLimit` caps message sizes for the trip through a real relay. */
export function hostileMessages(
  kind: HostileKind,
  keys: StoreSymKeys,
  { maxLength = 256 * 1024, minLength = 0 } = {},
): fc.Arbitrary<HostileMessage> {
  switch (kind) {
    case 'random bytes':
      return fc.record({ store, bytes: randomBytes() }).map(({ store, bytes }) => ({ store, ...bytes }))
    case 'truncated envelopes':
      return truncatedEnvelopes(keys, minLength)
    case 'envelopes with random JSON':
      return envelopesWithRandomJson(keys)
    case 'JSON-RPC with random params':
      return jsonRpcWithRandomParams(keys)
    case 'prototype-pollution keys':
      return prototypePollution(keys)
    case 'huge strings':
      return hugeStrings(keys, maxLength)
  }
}

export const HOSTILE_KINDS: readonly HostileKind[] = [
  'random bytes',
  'truncated envelopes',
  'envelopes with random JSON',
  'JSON-RPC with random params',
  'prototype-pollution keys',
  'huge strings',
]
