/** JSON-RPC error codes the relay answers with. */
export const RPC_ERROR = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** A configured limit was reached (topics per connection, ...). */
  limitExceeded: -32000,
} as const

/** An error answered to the client as a JSON-RPC error object; never contains message payloads. */
export class RelayRpcError extends Error {
  override name = 'RelayRpcError'
  readonly code: number
  /** The raw id of the request, when it could be read. */
  readonly rawId: string | null

  constructor(code: number, message: string, rawId: string | null = null) {
    super(message)
    this.code = code
    this.rawId = rawId
  }
}
