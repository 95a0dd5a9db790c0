import { z } from 'zod/mini'
import { type PayloadIssue, PayloadValidationError } from '../errors/payload.js'
import { isRecord } from '../isRecord.js'
import type { Result } from '../result.js'

/*
 * Payload schemas of the Chat stores.
 *
 * Strictness: every documented field is required and typed; ids and timestamps are non-negative safe
 * integers; `SentInvite.status` is one of its three values; fields used as the entry's store key are
 * non-empty. Unknown extra fields are KEPT (loose objects): another client may write a newer payload
 * version through the same store, and dropping its fields on our next write would destroy its data.
 * Key material (hex strings) is not format-checked here: a wrong key fails where it is used, and a
 * too-strict check would reject entries other implementations accept.
 */

// zod's tree-shakable build: an app bundles only the schema kinds and checks named here.
const text = z.string()
const storeKey = z.string().check(z.minLength(1))
const safeUint = z.int().check(z.nonnegative())
const inviteStatus = z.enum(['pending', 'rejected', 'approved'])

/**
 * The field schemas above as plain predicates. A value whose fields all pass is one zod accepts as it is
 * (a property test holds the two together), so valid values, the common case, skip zod; anything else
 * goes to zod, which reports what is wrong.
 */
const fieldChecks = new Map<z.core.$ZodType, (value: unknown) => boolean>([
  [text, (value) => typeof value === 'string'],
  [storeKey, (value) => typeof value === 'string' && value !== ''],
  [safeUint, (value) => Number.isSafeInteger(value) && (value as number) >= 0],
  [inviteStatus, (value) => inviteStatus.options.includes(value as never)],
])

const sentInvite = z.looseObject({
  id: safeUint,
  message: text,
  inviterAccount: text,
  inviteeAccount: text,
  inviterPubKeyY: text,
  inviterPrivKeyY: text,
  status: inviteStatus,
  responseTopic: storeKey,
  symKey: text,
  timestamp: safeUint,
})

const thread = z.looseObject({
  topic: storeKey,
  selfAccount: text,
  peerAccount: text,
  symKey: text,
})

const inviteKeys = z.looseObject({
  publicKey: text,
  privateKey: text,
  account: storeKey,
})

const receivedInviteStatus = z.looseObject({
  id: safeUint,
  status: text,
})

export type SentInvite = z.infer<typeof sentInvite>
export type Thread = z.infer<typeof thread>
export type InviteKeys = z.infer<typeof inviteKeys>
export type ReceivedInviteStatus = z.infer<typeof receivedInviteStatus>

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
  readonly schema: z.ZodMiniType<ChatStorePayloads[TId]>
  /** The entry's key in the store, taken from the payload. */
  readonly keyOf: (value: ChatStorePayloads[TId]) => string
}

/** A Chat store; its Sync API name is `com.walletconnect.chat.<id>`. */
function chatStore<TId extends ChatStoreId>(
  id: TId,
  schema: z.ZodMiniType<ChatStorePayloads[TId]>,
  keyOf: (value: ChatStorePayloads[TId]) => string,
): ChatStore<TId> {
  return Object.freeze({ id, name: `com.walletconnect.chat.${id}`, schema, keyOf })
}

/** The Chat API's Sync stores, by id. */
export const CHAT_STORES: { readonly [TId in ChatStoreId]: ChatStore<TId> } = Object.freeze({
  sentInvites: chatStore('sentInvites', sentInvite, (value) => value.responseTopic),
  threads: chatStore('threads', thread, (value) => value.topic),
  inviteKeys: chatStore('inviteKeys', inviteKeys, (value) => value.account),
  receivedInviteStatuses: chatStore('receivedInviteStatuses', receivedInviteStatus, (value) =>
    String(value.id),
  ),
})

/** Store ids in a fixed order. */
export const CHAT_STORE_IDS: readonly ChatStoreId[] = Object.freeze(Object.keys(CHAT_STORES) as ChatStoreId[])

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && !Number.isFinite(value)) return 'non-finite number'
  return typeof value
}

/**
 * Describes an issue from its code, schema facts and the kind of the offending value; zod's own message
 * (which the app may configure) is not used, and the value itself never leaves here.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected
      return issue.input === undefined && issue.path.length > 0
        ? `required ${expected} is missing`
        : `expected ${expected}, received ${kindOf(issue.input)}`
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`
    case 'too_big':
      return `must be at most ${issue.maximum}`
    default:
      return issue.code.replaceAll('_', ' ')
  }
}

/**
 * A predicate over the fields of a loose-object schema built from the field schemas of `fieldChecks`,
 * else undefined.
 */
export function objectCheck(
  schema: z.core.$ZodType,
): ((value: Record<string, unknown>) => boolean) | undefined {
  const def = schema._zod.def as z.core.$ZodObjectDef
  if (def.type !== 'object' || def.catchall?._zod.def.type !== 'unknown') return undefined
  const fields = Object.entries(def.shape).map(([key, field]) => [key, fieldChecks.get(field)] as const)
  if (fields.some(([, check]) => !check)) return undefined
  return (value) => fields.every(([key, check]) => check?.(value[key]))
}

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

const fastChecks = new Map<ChatStoreId, ((value: Record<string, unknown>) => boolean) | null>()

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
  const { name, schema } = CHAT_STORES[storeId] as ChatStore<TId>
  let payload = input
  if (typeof input === 'string') {
    try {
      payload = JSON.parse(input)
    } catch {
      return fail(name, [{ path: [], problem: 'not valid JSON text' }])
    }
  }
  let check = fastChecks.get(storeId)
  if (check === undefined) {
    check = objectCheck(schema) ?? null
    fastChecks.set(storeId, check)
  }
  // A valid value, the common case, is checked without zod: the parsed text's own object, or a copy of
  // the caller's object as zod's result would be. The copy is what is checked, so each field is read
  // once: a getter cannot show the check one value and the state another.
  if (check && isPlainRecord(payload)) {
    const value = payload === input ? { ...payload } : payload
    if (check(value)) return { ok: true, value: value as ChatStorePayloads[TId] }
  }
  // The issues carry the offending values (`reportInput`) only as far as `describeIssue`.
  const parsed = schema.safeParse(payload, { reportInput: true })
  if (parsed.success) return { ok: true, value: parsed.data }
  return fail(
    name,
    parsed.error.issues.map((issue) => ({
      // The schemas have string keys only (unknown keys are kept, not checked): no symbol segments.
      path: issue.path as (string | number)[],
      problem: describeIssue(issue),
    })),
  )
}
