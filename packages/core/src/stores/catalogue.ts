import { type PayloadIssue, PayloadValidationError } from '../errors/payload.js'
import { isRecord } from '../isRecord.js'
import type { Result } from '../result.js'
import type { InviteKeys, ReceivedInviteStatus, SentInvite, Thread } from './schemas.js'

export type { InviteKeys, ReceivedInviteStatus, SentInvite, Thread } from './schemas.js'

/*
 * The Chat stores and their payload rules: those of the zod schemas in `schemas.ts` (the payload types
 * come from there), checked here by a table of field kinds, so that validating a payload loads no zod. A
 * property test holds the two together: same values accepted, same copies returned, same problems named.
 */

/** The kinds of field the payloads have. */
type FieldKind = 'text' | 'storeKey' | 'safeUint' | 'inviteStatus'

const INVITE_STATUSES: readonly unknown[] = ['pending', 'rejected', 'approved']

const FIELDS: { readonly [TId in ChatStoreId]: Readonly<Record<string, FieldKind>> } = {
  sentInvites: {
    id: 'safeUint',
    message: 'text',
    inviterAccount: 'text',
    inviteeAccount: 'text',
    inviterPubKeyY: 'text',
    inviterPrivKeyY: 'text',
    status: 'inviteStatus',
    responseTopic: 'storeKey',
    symKey: 'text',
    timestamp: 'safeUint',
  },
  threads: { topic: 'storeKey', selfAccount: 'text', peerAccount: 'text', symKey: 'text' },
  inviteKeys: { publicKey: 'text', privateKey: 'text', account: 'storeKey' },
  receivedInviteStatuses: { id: 'safeUint', status: 'text' },
}

/** Each store's fields as a list, made once (a catch-up checks thousands of values). */
const fieldLists = new Map<ChatStoreId, [string, FieldKind][]>()
const fieldsOf = (storeId: ChatStoreId) => {
  let fields = fieldLists.get(storeId)
  if (!fields) {
    fields = Object.entries(FIELDS[storeId])
    fieldLists.set(storeId, fields)
  }
  return fields
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number'
  return typeof value
}

const wrongType = (expected: string, value: unknown) =>
  value === undefined ? `required ${expected} is missing` : `expected ${expected}, received ${kindOf(value)}`

/** What is wrong with a field's value (zod's issues for the same schema, in the words below), if anything. */
function fieldProblems(kind: FieldKind, value: unknown): string[] {
  switch (kind) {
    case 'text':
      return typeof value === 'string' ? [] : [wrongType('string', value)]
    case 'storeKey':
      if (typeof value !== 'string') return [wrongType('string', value)]
      return value === '' ? ['must not be empty'] : []
    case 'inviteStatus':
      return INVITE_STATUSES.includes(value)
        ? []
        : [`expected one of ${INVITE_STATUSES.map((v) => JSON.stringify(v)).join(', ')}`]
    case 'safeUint': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [wrongType('number', value)]
      if (!Number.isInteger(value)) return ['expected integer, received number']
      if (value > Number.MAX_SAFE_INTEGER) return [`must be at most ${Number.MAX_SAFE_INTEGER}`]
      if (value < Number.MIN_SAFE_INTEGER)
        return [`must be at least ${Number.MIN_SAFE_INTEGER}`, 'must be at least 0']
      return value < 0 ? ['must be at least 0'] : []
    }
  }
}

const FIELD_CHECKS: Record<FieldKind, (value: unknown) => boolean> = {
  text: (value) => typeof value === 'string',
  storeKey: (value) => typeof value === 'string' && value !== '',
  safeUint: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
  inviteStatus: (value) => INVITE_STATUSES.includes(value),
}

export type ChatStorePayloads = {
  sentInvites: SentInvite
  threads: Thread
  inviteKeys: InviteKeys
  receivedInviteStatuses: ReceivedInviteStatus
}

export type ChatStoreId = keyof ChatStorePayloads

export type ChatStore<TId extends ChatStoreId = ChatStoreId> = {
  readonly id: TId
  /** The exact Sync API store name. */
  readonly name: string
  /** The entry's key in the store, taken from the payload. */
  readonly keyOf: (value: ChatStorePayloads[TId]) => string
}

/** A Chat store; its Sync API name is `com.walletconnect.chat.<id>`. */
function chatStore<TId extends ChatStoreId>(
  id: TId,
  keyOf: (value: ChatStorePayloads[TId]) => string,
): ChatStore<TId> {
  return Object.freeze({ id, name: `com.walletconnect.chat.${id}`, keyOf })
}

/** The Chat API's Sync stores, by id. */
export const CHAT_STORES: { readonly [TId in ChatStoreId]: ChatStore<TId> } = Object.freeze({
  sentInvites: chatStore('sentInvites', (value) => value.responseTopic),
  threads: chatStore('threads', (value) => value.topic),
  inviteKeys: chatStore('inviteKeys', (value) => value.account),
  receivedInviteStatuses: chatStore('receivedInviteStatuses', (value) => String(value.id)),
})

/** Store ids in a fixed order. */
export const CHAT_STORE_IDS: readonly ChatStoreId[] = Object.freeze(Object.keys(CHAT_STORES) as ChatStoreId[])

/**
 * A plain object (prototype `Object.prototype` or null) without an own `__proto__` key: zod copies the
 * own and inherited enumerable keys of an object except `__proto__`, so such an object's spread is what
 * zod would return.
 */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  const prototype = isRecord(value) && Object.getPrototypeOf(value)
  return (
    (prototype === Object.prototype || prototype === null) && !Object.hasOwn(value as object, '__proto__')
  )
}

const fail = (store: string, issues: PayloadIssue[]) => ({
  ok: false as const,
  error: new PayloadValidationError({ store, issues }),
})

/**
 * Validates a value of a Chat store. `input` is the payload object, or the JSON text a store holds as
 * its value. Unknown fields are kept. Errors name the store, fields and problems, never values.
 */
export function parseStoreValue<TId extends ChatStoreId>(
  storeId: TId,
  input: unknown,
): Result<ChatStorePayloads[TId], PayloadValidationError> {
  if (!Object.hasOwn(CHAT_STORES, storeId)) {
    const name = typeof storeId === 'string' ? storeId.slice(0, 80) : '(unknown)'
    return fail(name, [{ path: [], problem: 'unknown store id' }])
  }
  const { name } = CHAT_STORES[storeId] as ChatStore<TId>
  let payload = input
  if (typeof input === 'string') {
    try {
      payload = JSON.parse(input)
    } catch {
      return fail(name, [{ path: [], problem: 'not valid JSON text' }])
    }
  }
  const fields = fieldsOf(storeId)
  // A valid value, the common case: the parsed text's own object, or a copy of the caller's object. The
  // copy is what is checked, so each field is read once: a getter cannot show the check one value and
  // the state another. Any other object is copied as zod copies a loose object: its own and inherited
  // enumerable keys but `__proto__`, onto a plain object.
  if (isPlainRecord(payload)) {
    const value = payload === input ? { ...payload } : payload
    if (fields.every(([key, kind]) => FIELD_CHECKS[kind](value[key])))
      return { ok: true, value: value as ChatStorePayloads[TId] }
    return fail(name, issuesOf(fields, value))
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return fail(name, [{ path: [], problem: `expected object, received ${kindOf(payload)}` }])
  const value: Record<string, unknown> = {}
  for (const key in payload) if (key !== '__proto__') value[key] = (payload as Record<string, unknown>)[key]
  const issues = issuesOf(fields, value)
  return issues.length === 0 ? { ok: true, value: value as ChatStorePayloads[TId] } : fail(name, issues)
}

/** The problems of each field, in the schema's order. */
const issuesOf = (fields: [string, FieldKind][], value: Record<string, unknown>): PayloadIssue[] =>
  fields.flatMap(([key, kind]) =>
    fieldProblems(kind, value[key]).map((problem) => ({ path: [key], problem })),
  )
