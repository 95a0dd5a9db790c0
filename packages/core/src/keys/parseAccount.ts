import { InvalidAccountError } from '../errors/account.js'

export type ParsedAccount = { namespace: string; reference: string; address: string }

const NAMESPACE = /^[-a-z0-9]{3,8}$/
const REFERENCE = /^[-_a-zA-Z0-9]{1,32}$/
const ADDRESS = /^[-.%a-zA-Z0-9]{1,128}$/

/**
 * Splits a CAIP-10 account id (`namespace:reference:address`) into its parts, checking each against
 * CAIP-10's grammar. The parts are kept as given; `normalizeAccount` gives the canonical form.
 * @throws {InvalidAccountError}
 */
export function parseAccount(account: string): ParsedAccount {
  if (typeof account !== 'string') throw new InvalidAccountError({ account, reason: 'not-a-string' })
  const parts = account.split(':')
  if (parts.length !== 3) throw new InvalidAccountError({ account, reason: 'wrong-segment-count' })
  const [namespace = '', reference = '', address = ''] = parts
  if (!NAMESPACE.test(namespace)) throw new InvalidAccountError({ account, reason: 'invalid-namespace' })
  if (!REFERENCE.test(reference)) throw new InvalidAccountError({ account, reason: 'invalid-reference' })
  if (!ADDRESS.test(address)) throw new InvalidAccountError({ account, reason: 'invalid-address' })
  return { namespace, reference, address }
}
