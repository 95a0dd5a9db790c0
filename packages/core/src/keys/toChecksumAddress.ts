import { keccak_256 } from '@noble/hashes/sha3.js'

const encoder = new TextEncoder()

/**
 * The EIP-55 form of an EVM address (`0x` and 40 hex digits, in any case): each letter is upper case
 * where the matching nibble of keccak-256 of the lowercase hex digits is 8 or more.
 */
export function toChecksumAddress(address: string): string {
  const digits = address.slice(2).toLowerCase()
  const hash = keccak_256(encoder.encode(digits))
  let out = '0x'
  for (let i = 0; i < digits.length; i++) {
    const nibble = i % 2 === 0 ? (hash[i >> 1] as number) >> 4 : (hash[i >> 1] as number) & 0x0f
    const digit = digits[i] as string
    out += nibble >= 8 ? digit.toUpperCase() : digit
  }
  return out
}
