import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'

/** Multicodec prefixes (unsigned varints) of the public keys used by Chat. */
const CODECS = { ed25519: [0xed, 0x01], x25519: [0xec, 0x01] } as const
const DID_KEY = 'did:key:'
const HEX32 = /^[0-9a-fA-F]{64}$/

export type KeyCurve = keyof typeof CODECS

/** A public key (32 bytes, or 64 hex digits) as a `did:key`: `did:key:z` + base58btc(codec ‖ key). */
export function encodeDidKey(curve: KeyCurve, publicKey: Uint8Array | string): string {
  const key = typeof publicKey === 'string' ? hexToBytes(publicKey) : publicKey
  const bytes = new Uint8Array(34)
  bytes.set(CODECS[curve])
  bytes.set(key, 2)
  return `${DID_KEY}z${base58.encode(bytes)}`
}

const decoded = new Map<string, Uint8Array | undefined>()
const CACHE_LIMIT = 1000

/** The public key (32 bytes) of a `did:key` of `curve`, or `undefined` for anything else. */
export function decodeDidKey(value: unknown, curve: KeyCurve): Uint8Array | undefined {
  if (typeof value !== 'string' || !value.startsWith(`${DID_KEY}z`) || value.length > 80) return undefined
  // The same few identity keys sign every message of a thread: base58 is decoded once each.
  const id = `${curve}:${value}`
  if (decoded.has(id)) return decoded.get(id)?.slice()
  if (decoded.size >= CACHE_LIMIT) decoded.clear()
  const key = decodeUncached(value, curve)
  decoded.set(id, key)
  return key?.slice()
}

function decodeUncached(value: string, curve: KeyCurve): Uint8Array | undefined {
  let bytes: Uint8Array
  try {
    bytes = base58.decode(value.slice(DID_KEY.length + 1))
  } catch {
    return undefined
  }
  const [first, second] = CODECS[curve]
  if (bytes.length !== 34 || bytes[0] !== first || bytes[1] !== second) return undefined
  return bytes.slice(2)
}

/** The hex public key of a `did:key` of `curve`, or `undefined`. */
export function didKeyToHex(value: unknown, curve: KeyCurve): string | undefined {
  const bytes = decodeDidKey(value, curve)
  return bytes && bytesToHex(bytes)
}

/** Whether `value` is 32 bytes of hex. */
export const isHexKey = (value: unknown): value is string => typeof value === 'string' && HEX32.test(value)

/** A CAIP-10 account as a `did:pkh`. */
export const toDidPkh = (account: string) => `did:pkh:${account}`

/** The CAIP-10 account of a `did:pkh`, or `undefined`. */
export const fromDidPkh = (value: unknown): string | undefined =>
  typeof value === 'string' && value.startsWith('did:pkh:') && value.split(':').length === 5
    ? value.slice('did:pkh:'.length)
    : undefined
