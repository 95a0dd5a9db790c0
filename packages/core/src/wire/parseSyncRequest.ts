import { WireParseError, type WireParseReason } from '../errors/wire.js'
import { isRecord } from '../isRecord.js'
import type { Result } from '../result.js'
import { isSyncId, type WireUpdate } from './syncRequest.js'

function fail(reason: WireParseReason): { ok: false; error: WireParseError } {
  return { ok: false, error: new WireParseError({ reason }) }
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function parse(input: unknown): Result<WireUpdate, WireParseError> {
  let message = input
  if (typeof input === 'string') {
    try {
      message = JSON.parse(input)
    } catch {
      return fail('not-json')
    }
  }
  if (!isRecord(message)) return fail('not-object')
  const method = own(message, 'method')
  if (own(message, 'jsonrpc') !== '2.0' || typeof method !== 'string') return fail('not-jsonrpc')
  if (method !== 'wc_syncSet' && method !== 'wc_syncDel') return fail('unknown-method')
  // Ids order changes, so only exact numbers are accepted: a numeric string is a different encoding
  // that no conforming peer sends, and accepting it would invite lossy conversions.
  const id = own(message, 'id')
  if (!isSyncId(id)) return fail('invalid-id')
  const params = own(message, 'params')
  if (!isRecord(params)) return fail('invalid-params')
  const key = own(params, 'key')
  if (typeof key !== 'string') return fail('invalid-key')
  if (method === 'wc_syncDel') return { ok: true, value: { method, id, key } }
  const value = own(params, 'value')
  if (typeof value !== 'string') return fail('invalid-value')
  return { ok: true, value: { method, id, key, value } }
}

/**
 * Parses an untrusted, already decrypted sync message (a JSON value, or its JSON text) into a
 * {@link WireUpdate}. Never throws: any problem is a {@link WireParseError} with a machine-readable
 * `reason`, and the message is never echoed. Unknown extra members are ignored.
 */
export function parseSyncRequest(input: unknown): Result<WireUpdate, WireParseError> {
  try {
    return parse(input)
  } catch {
    // Hostile objects (throwing getters, revoked proxies) end up here.
    return fail('not-object')
  }
}
