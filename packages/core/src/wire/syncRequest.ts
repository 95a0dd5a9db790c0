import { WireParseError } from '../errors/wire.js'
import { createPayloadId } from './createPayloadId.js'

export type SyncSetRequest = {
  id: number
  jsonrpc: '2.0'
  method: 'wc_syncSet'
  params: { key: string; value: string }
}

export type SyncDelRequest = {
  id: number
  jsonrpc: '2.0'
  method: 'wc_syncDel'
  params: { key: string }
}

export type SyncRequest = SyncSetRequest | SyncDelRequest

/** A parsed, validated sync change. */
export type WireUpdate =
  | { method: 'wc_syncSet'; id: number; key: string; value: string }
  | { method: 'wc_syncDel'; id: number; key: string }

/** True for the ids this protocol uses: positive safe integers. */
export function isSyncId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0
}

/** The id (`createPayloadId()` when none is given) and key of a request built here, checked. */
function checked(id: number | undefined, key: unknown): number {
  if (id === undefined) id = createPayloadId()
  if (!isSyncId(id)) throw new WireParseError({ reason: 'invalid-id' })
  if (typeof key !== 'string') throw new WireParseError({ reason: 'invalid-key' })
  return id
}

/**
 * A `wc_syncSet` request; `value` is the JSON text of the payload. `id` defaults to {@link createPayloadId}.
 * @throws {WireParseError} when id, key or value has the wrong type.
 */
export function buildSyncSet({
  id,
  key,
  value,
}: {
  id?: number
  key: string
  value: string
}): SyncSetRequest {
  const requestId = checked(id, key)
  if (typeof value !== 'string') throw new WireParseError({ reason: 'invalid-value' })
  return { id: requestId, jsonrpc: '2.0', method: 'wc_syncSet', params: { key, value } }
}

/**
 * A `wc_syncDel` request. `id` defaults to {@link createPayloadId}.
 * @throws {WireParseError} when id or key has the wrong type.
 */
export function buildSyncDel({ id, key }: { id?: number; key: string }): SyncDelRequest {
  return { id: checked(id, key), jsonrpc: '2.0', method: 'wc_syncDel', params: { key } }
}
