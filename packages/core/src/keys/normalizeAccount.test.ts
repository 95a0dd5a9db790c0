import { bytesToHex } from '@noble/hashes/utils.js'
import { getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { InvalidAccountError } from '../errors/account.js'
import { normalizeAccount } from './normalizeAccount.js'

/** EIP-55's test cases: addresses in their checksum case (some happen to be all caps or all lowercase). */
const EIP55_VECTORS = [
  // All caps
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  // All lower
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
  // Normal
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
]

const lower = (address: string) => `0x${address.slice(2).toLowerCase()}`
const upper = (address: string) => `0x${address.slice(2).toUpperCase()}`

/** The error `normalizeAccount(input)` throws. */
function failure(input: unknown): InvalidAccountError {
  try {
    normalizeAccount(input as string)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidAccountError)
    return error as InvalidAccountError
  }
  throw new Error(`normalizeAccount(${JSON.stringify(input)}) did not throw`)
}

describe('normalizeAccount', () => {
  test('default', () => {
    expect(normalizeAccount('eip155:1:0x45b84bc460ab29691858a28d782e2fdd575a4dbb')).toBe(
      'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
    )
  })

  test.each(EIP55_VECTORS)('behavior: EIP-55 vector %s, from any case, is its checksum case', (vector) => {
    for (const spelling of [vector, lower(vector), upper(vector)]) {
      expect(normalizeAccount(`eip155:1:${spelling}`)).toBe(`eip155:1:${vector}`)
    }
  })

  test('behavior: the same as viem’s getAddress on random addresses', () => {
    for (let n = 0; n < 200; n++) {
      const address = `0x${bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(20)))}`
      expect(normalizeAccount(`eip155:137:${address}`)).toBe(`eip155:137:${getAddress(address)}`)
    }
  })

  test('behavior: a canonical account is its own canonical form', () => {
    for (const account of [
      'eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      'eip155:0:0x0000000000000000000000000000000000000001',
      'solana:4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZ:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv',
    ]) {
      expect(normalizeAccount(account)).toBe(account)
      expect(normalizeAccount(normalizeAccount(account))).toBe(account)
    }
  })

  test('behavior: the eip155 chain reference loses its leading zeros, the chain id stays', () => {
    const address = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
    expect(normalizeAccount(`eip155:0137:${lower(address)}`)).toBe(`eip155:137:${address}`)
    expect(normalizeAccount(`eip155:00:${address}`)).toBe(`eip155:0:${address}`)
    expect(normalizeAccount(`eip155:10:${address}`)).toBe(`eip155:10:${address}`)
  })

  test('behavior: other namespaces keep their case (their addresses are case-sensitive)', () => {
    for (const account of [
      'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv',
      'cosmos:cosmoshub-3:cosmos1t2uflqwqe0fsj0shcfkrvpukewcw40yjj6hdc0',
      'bip122:000000000019d6689c085ae165831e93:128Lkh3S7CkDTBZ8W7BbpsN3YYizJMp8p6',
      'polkadot:b0a8d493285c2df73290dfb7e61f870f:5hmuyxw9xdgbpptgypokw4thfyoe3ryenebr381z9iaegmfy',
      'starknet:SN_GOERLI:0x02dd1b492765c064eac4039e3841aa5f382773b598097a40073bd8b48170ab57',
    ]) {
      expect(normalizeAccount(account)).toBe(account)
    }
    // And a Solana address is not an EVM one: its case is not touched.
    expect(
      normalizeAccount(
        'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp:7s3p4hxjpyyiggzodywhtcxzyuqe9jibmhyrwxaraakv',
      ),
    ).toBe('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp:7s3p4hxjpyyiggzodywhtcxzyuqe9jibmhyrwxaraakv')
  })

  test('behavior: percent-escapes in an address are upper case (RFC 3986 makes them equivalent)', () => {
    expect(normalizeAccount('hedera:mainnet:0.0.1234%2fa%3Ab')).toBe('hedera:mainnet:0.0.1234%2Fa%3Ab')
    expect(normalizeAccount('hedera:mainnet:100%')).toBe('hedera:mainnet:100%')
  })

  test('parameters: a mixed-case eip155 address with a wrong checksum is refused, clearly', () => {
    // One letter of a checksummed address in the other case: a typo EIP-55 exists to catch.
    const typo = 'eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'
    expect(failure(typo).reason).toBe('invalid-checksum')
    expect(() => normalizeAccount(typo)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidAccountError: Invalid CAIP-10 account "eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD" (invalid-checksum).

      Details: The address mixes upper and lower case but fails its EIP-55 checksum (a mistyped address?). Give it all lowercase, or with its EIP-55 checksum.
      Version: @chatsync/core@0.1.0]
    `)
  })

  test.each([
    [undefined, 'not-a-string'],
    [42, 'not-a-string'],
    ['', 'wrong-segment-count'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'wrong-segment-count'],
    ['EIP155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'invalid-namespace'],
    ['eip155:0x1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'invalid-reference'],
    ['eip155:mainnet:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'invalid-reference'],
    ['eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA', 'invalid-address'],
    ['eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00', 'invalid-address'],
    ['eip155:1:0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED', 'invalid-address'],
    ['eip155:1:5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'invalid-address'],
    ['eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg', 'invalid-address'],
  ])('parameters: invalid account %j → %s', (input, reason) => {
    const error = failure(input)
    expect(error.name).toBe('InvalidAccountError')
    expect(error.reason).toBe(reason)
    expect(error.shortMessage).toMatch(/^Invalid CAIP-10 account/)
  })

  test('parameters: an invalid eip155 account is told what an eip155 account is', () => {
    expect(failure('eip155:1:0xabc').details).toBe(
      'Expected eip155:<decimal chain id>:0x<40 hex digits> (CAIP-10, eip155 namespace).',
    )
    expect(failure('cosmos:hub').details).toBe('Expected namespace:reference:address (CAIP-10).')
  })
})
