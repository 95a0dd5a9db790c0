import { base58 } from '@scure/base'

const DID_KEY = 'did:key:'
/** Multicodec prefixes (unsigned varints) of the public keys used here. */
const CODECS = { ed25519: [0xed, 0x01], x25519: [0xec, 0x01] } as const

/**
 * The public key (32 bytes) of a `did:key` (or of its multibase part alone, `z…`) of the given curve,
 * or `undefined` when it is not one.
 */
export function decodeDidKey(value: unknown, curve: keyof typeof CODECS): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined
  const multibase = value.startsWith(DID_KEY) ? value.slice(DID_KEY.length) : value
  if (!multibase.startsWith('z') || multibase.length > 64) return undefined
  let bytes: Uint8Array
  try {
    bytes = base58.decode(multibase.slice(1))
  } catch {
    return undefined
  }
  const [first, second] = CODECS[curve]
  if (bytes.length !== 34 || bytes[0] !== first || bytes[1] !== second) return undefined
  return bytes.subarray(2)
}

/** The multibase part (`z…`) of a `did:key`, the identifier the keys server indexes identity keys by. */
export const didKeyIdentifier = (didKey: string) =>
  didKey.startsWith(DID_KEY) ? didKey.slice(DID_KEY.length) : didKey
