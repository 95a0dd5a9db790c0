import { RelayRpcError, RPC_ERROR } from './relayRpcError.js'

/** A decoded incoming frame. `rawId` is the id exactly as written in the frame (JSON text), or `null`. */
export type RpcFrame =
  | { kind: 'request'; rawId: string | null; method: string; params: unknown }
  | { kind: 'response'; rawId: string; isError: boolean }

/**
 * Parses one text frame. Request ids are kept as their raw JSON text: 19-digit ids do not
 * survive a round trip through a JavaScript number, so they are echoed back byte for byte.
 * Throws `RelayRpcError` (parse error / invalid request) with the raw id when one was readable.
 */
export function parseRpcFrame(text: string): RpcFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new RelayRpcError(RPC_ERROR.parseError, 'Parse error: frame is not valid JSON', null)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RelayRpcError(RPC_ERROR.invalidRequest, 'Invalid request: expected a JSON object', null)
  }
  const rawId = readTopLevelId(text)
  const record = value as Record<string, unknown>
  const id = record.id
  const validId = typeof id === 'number' || typeof id === 'string'
  const safeRawId = validId && rawId !== undefined ? rawId : null
  if (!('method' in record)) {
    if (('result' in record || 'error' in record) && safeRawId !== null) {
      return { kind: 'response', rawId: safeRawId, isError: 'error' in record }
    }
    throw new RelayRpcError(RPC_ERROR.invalidRequest, 'Invalid request: missing "method"', safeRawId)
  }
  if (id !== undefined && !validId) {
    throw new RelayRpcError(
      RPC_ERROR.invalidRequest,
      'Invalid request: "id" must be a number or a string',
      null,
    )
  }
  if (typeof record.method !== 'string') {
    throw new RelayRpcError(RPC_ERROR.invalidRequest, 'Invalid request: "method" must be a string', safeRawId)
  }
  return { kind: 'request', rawId: safeRawId, method: record.method, params: record.params }
}

/** Normalises a raw id token so `"12"` and `12` name the same request. */
export function idKey(rawId: string): string {
  return rawId.startsWith('"') ? rawId.slice(1, -1) : rawId
}

/**
 * Returns the JSON text of the top-level `"id"` member of an object that `JSON.parse` already accepted,
 * or `undefined` when there is none. Nested `id` members (for example in `params`) are skipped.
 */
function readTopLevelId(text: string): string | undefined {
  let i = skipSpace(text, 0)
  if (text[i] !== '{') return undefined
  i++
  let found: string | undefined
  for (;;) {
    i = skipSpace(text, i)
    if (text[i] === '}') return found
    const keyStart = i
    i = skipString(text, i)
    const key = JSON.parse(text.slice(keyStart, i)) as string
    i = skipSpace(text, i) + 1 // ':'
    i = skipSpace(text, i)
    const valueStart = i
    i = skipValue(text, i)
    // With duplicate keys JSON.parse keeps the last one; do the same.
    if (key === 'id') found = text.slice(valueStart, i)
    i = skipSpace(text, i)
    if (text[i] === ',') i++
    else return found
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
    i++
  }
  return i
}

function skipString(text: string, i: number): number {
  i++ // opening quote
  while (i < text.length) {
    const c = text[i]
    if (c === '\\') i += 2
    else if (c === '"') return i + 1
    else i++
  }
  return i
}

function skipValue(text: string, i: number): number {
  const c = text[i]
  if (c === '"') return skipString(text, i)
  if (c === '{' || c === '[') {
    let depth = 0
    while (i < text.length) {
      const d = text[i]
      if (d === '"') {
        i = skipString(text, i)
        continue
      }
      if (d === '{' || d === '[') depth++
      else if (d === '}' || d === ']') {
        depth--
        if (depth === 0) return i + 1
      }
      i++
    }
    return i
  }
  while (i < text.length) {
    const d = text[i]
    if (d === ',' || d === '}' || d === ']' || d === ' ' || d === '\n' || d === '\r' || d === '\t') break
    i++
  }
  return i
}
