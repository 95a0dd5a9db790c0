let last = 0

/**
 * A time-based JSON-RPC id: milliseconds since the epoch followed by three random digits, as
 * `payloadId()` of `@walletconnect/jsonrpc-utils` makes, but strictly increasing within this process
 * (when the clock stalls or steps back, the previous id plus one is used).
 */
export function createPayloadId(): number {
  const candidate = Date.now() * 1000 + Math.floor(Math.random() * 1000)
  last = candidate > last ? candidate : last + 1
  return last
}
