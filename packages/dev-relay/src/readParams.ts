import { RelayRpcError, RPC_ERROR } from './relayRpcError.js'

/** Reads typed fields out of JSON-RPC params, answering -32602 naming the offending field. */
export type ParamsReader = {
  string(field: string, opts?: { maxLength?: number }): string
  optionalNumber(field: string): number | undefined
  array(field: string): unknown[]
  at(field: string, index: number, value: unknown): ParamsReader
  /** The full name of `field` in error messages, such as `messages[2].topic`. */
  nameOf(field: string): string
}

const invalid = (field: string, expected: string) =>
  new RelayRpcError(RPC_ERROR.invalidParams, `Invalid params: "${field}" must be ${expected}`)

export function readParams(value: unknown, path = 'params'): ParamsReader {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(path, 'an object')
  const record = value as Record<string, unknown>
  const name = (field: string) => (path === 'params' ? field : `${path}.${field}`)
  return {
    string(field, opts) {
      const v = record[field]
      if (typeof v !== 'string' || v.length === 0) throw invalid(name(field), 'a non-empty string')
      if (opts?.maxLength !== undefined && v.length > opts.maxLength) {
        throw invalid(name(field), `at most ${opts.maxLength} characters`)
      }
      return v
    },
    optionalNumber(field) {
      const v = record[field]
      if (v === undefined || v === null) return undefined
      if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(name(field), 'a finite number')
      return v
    },
    array(field) {
      const v = record[field]
      if (!Array.isArray(v)) throw invalid(name(field), 'an array')
      return v
    },
    at(field, index, item) {
      return readParams(item, `${name(field)}[${index}]`)
    },
    nameOf: name,
  }
}

/** Reads `params[field]` as an array of non-empty strings. */
export function readStringArray(params: ParamsReader, field: string, maxLength: number): string[] {
  const list = params.array(field)
  return list.map((item, index) => {
    if (typeof item !== 'string' || item.length === 0 || item.length > maxLength) {
      throw invalid(`${field}[${index}]`, `a non-empty string of at most ${maxLength} characters`)
    }
    return item
  })
}
