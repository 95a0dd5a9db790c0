import { InvalidAccountError } from '../errors/account.js'
import { parseAccount } from './parseAccount.js'
import { toChecksumAddress } from './toChecksumAddress.js'

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/
const ONE_CASE = /^0x(?:[0-9a-f]{40}|[0-9A-F]{40})$/
const DECIMAL = /^[0-9]+$/
const PERCENT_ESCAPE = /%[0-9a-f]{2}/gi

/** Recent results: hooks read the snapshot of the same account on every render. */
const cache = new Map<string, string>()
const CACHE_SIZE = 64

/**
 * The canonical form of a CAIP-10 account id: every spelling of one account gives the same string, so
 * it signs the same sync message and reaches the same stores. Only what the CAIP rules make equivalent is
 * changed:
 * - `eip155`: the address in its EIP-55 checksum case (`0xabc…`, `0xABC…` and `0xAbC…` are one account;
 *   a mixed-case address with a wrong checksum is refused), and the chain reference (a decimal chain id)
 *   without leading zeros.
 * - every namespace: percent-escapes in the address (`%2f`) in upper case, as RFC 3986 makes them
 *   equivalent. Anything else is kept as given: CAIP-2 and CAIP-10 strings are case-sensitive (an upper
 *   case namespace is not CAIP-2), and so are most addresses (Solana's base58, Cosmos' bech32 …).
 * @throws {InvalidAccountError} when `account` is not CAIP-10, or not an EVM account under `eip155`.
 */
export function normalizeAccount(account: string): string {
  const cached = typeof account === 'string' ? cache.get(account) : undefined
  if (cached !== undefined) return cached
  const { namespace, reference, address } = parseAccount(account)
  const canonical =
    namespace === 'eip155'
      ? `eip155:${evmReference(account, reference)}:${evmAddress(account, address)}`
      : `${namespace}:${reference}:${address.replace(PERCENT_ESCAPE, (percent) => percent.toUpperCase())}`
  if (cache.size >= CACHE_SIZE) cache.clear()
  cache.set(account, canonical)
  return canonical
}

function evmReference(account: string, reference: string): string {
  if (!DECIMAL.test(reference))
    throw new InvalidAccountError({ account, reason: 'invalid-reference', namespace: 'eip155' })
  return reference.replace(/^0+(?=[0-9])/, '')
}

function evmAddress(account: string, address: string): string {
  if (!EVM_ADDRESS.test(address))
    throw new InvalidAccountError({ account, reason: 'invalid-address', namespace: 'eip155' })
  const checksummed = toChecksumAddress(address)
  // Mixed case is a checksum (EIP-55): one that does not match is a mistyped address, not a spelling.
  if (!ONE_CASE.test(address) && address !== checksummed) {
    throw new InvalidAccountError({ account, reason: 'invalid-checksum', namespace: 'eip155' })
  }
  return checksummed
}
