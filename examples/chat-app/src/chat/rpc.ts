import { ChatProtocolError } from './ChatProtocolError'

/** Relay options of the Chat JSON-RPC methods (ttl in seconds), from the Chat spec's RPC methods. */
export const CHAT_RPC = {
  invite: { method: 'wc_chatInvite', tag: 2000, ttl: 2_592_000 },
  inviteResponse: { tag: 2001, ttl: 2_592_000 },
  message: { method: 'wc_chatMessage', tag: 2002, ttl: 2_592_000 },
  leave: { method: 'wc_chatLeave', tag: 2004, ttl: 2_592_000 },
} as const

/** Character limits of the Chat spec's data structures. */
export const CHAT_LIMITS = { inviteMessage: 200, message: 1000 } as const

/** The error answer of a rejected invite (the SDK's "User rejected." code). */
export const INVITE_REJECTED = { code: 5000, message: 'User rejected.' } as const

export type JsonRpcRequest<TParams> = { id: number; jsonrpc: '2.0'; method: string; params: TParams }
export type JsonRpcResponse<TResult> =
  | { id: number; jsonrpc: '2.0'; result: TResult }
  | { id: number; jsonrpc: '2.0'; error: { code: number; message: string } }

/** A JSON-RPC id as WalletConnect SDKs make them: milliseconds since the epoch and three random digits. */
export const createRequestId = () => Date.now() * 1000 + Math.floor(Math.random() * 1000)

export function buildRequest<TParams>(method: string, params: TParams, id = createRequestId()) {
  return { id, jsonrpc: '2.0', method, params } satisfies JsonRpcRequest<TParams>
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const malformed = (details: string) => new ChatProtocolError('malformed-payload', { details })

function parseJson(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw malformed('Not JSON.')
  }
  if (!isObject(value) || value.jsonrpc !== '2.0' || !Number.isSafeInteger(value.id))
    throw malformed('Not a JSON-RPC 2.0 message.')
  return value
}

/** A JSON-RPC request of `method` whose params `readParams` accepts. */
export function parseRequest<TParams>(
  text: string,
  method: string,
  readParams: (params: Record<string, unknown>) => TParams,
): JsonRpcRequest<TParams> {
  const value = parseJson(text)
  if (value.method !== method) throw malformed(`Expected ${method}.`)
  if (!isObject(value.params)) throw malformed('Missing params.')
  return { id: value.id as number, jsonrpc: '2.0', method, params: readParams(value.params) }
}

/** A JSON-RPC request of one of `methods` (for topics that carry several). */
export function parseMethod(text: string): { id: number; method: string; params: Record<string, unknown> } {
  const value = parseJson(text)
  if (typeof value.method !== 'string' || !isObject(value.params)) throw malformed('Not a request.')
  return { id: value.id as number, method: value.method, params: value.params }
}

/** A JSON-RPC response; the result is checked by `readResult`. */
export function parseResponse<TResult>(
  text: string,
  readResult: (result: unknown) => TResult,
): JsonRpcResponse<TResult> {
  const value = parseJson(text)
  if ('result' in value) return { id: value.id as number, jsonrpc: '2.0', result: readResult(value.result) }
  const { error } = value
  if (isObject(error) && Number.isSafeInteger(error.code) && typeof error.message === 'string')
    return {
      id: value.id as number,
      jsonrpc: '2.0',
      error: { code: error.code as number, message: error.message.slice(0, 200) },
    }
  throw malformed('Neither a result nor an error.')
}

/** A string field; `max` characters at most. */
export function readText(params: Record<string, unknown>, field: string, max = 512): string {
  const value = params[field]
  if (typeof value !== 'string') throw malformed(`"${field}" must be a string.`)
  if (value.length > max) throw new ChatProtocolError('too-long', { details: `"${field}" is over ${max}.` })
  return value
}

/** A non-negative safe integer field. */
export function readInteger(params: Record<string, unknown>, field: string): number {
  const value = params[field]
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    throw malformed(`"${field}" must be a non-negative integer.`)
  return value as number
}

export { isObject }
