import { normalizeAccount } from '../keys/normalizeAccount.js'

export type AccountSpellings = {
  /**
   * The canonical form of `account` (see `normalizeAccount`), remembering the spelling given: records
   * stored under it by an older version are looked for too.
   * @throws {InvalidAccountError}
   */
  canonical(account: string): string
  /** The canonical form, or `undefined` for an invalid account (reads answer "nothing here"). */
  find(account: unknown): string | undefined
  /**
   * The other spellings of the canonical `account` that an older version may have stored records under:
   * for `eip155`, the address all lowercase (what many wallets put in a session) and all upper case,
   * and any other spelling this client was given.
   */
  others(account: string): string[]
}

/** Spellings of the accounts one client was given (see `AccountSpellings`). */
export function createAccountSpellings(): AccountSpellings {
  const given = new Map<string, Set<string>>()
  return {
    canonical(account) {
      const canonical = normalizeAccount(account)
      if (account !== canonical) {
        const spellings = given.get(canonical) ?? new Set<string>()
        spellings.add(account)
        given.set(canonical, spellings)
      }
      return canonical
    },
    find(account) {
      if (typeof account !== 'string') return undefined
      try {
        return normalizeAccount(account)
      } catch {
        return undefined
      }
    },
    others(account) {
      const spellings = new Set(given.get(account))
      const [namespace, reference, address] = account.split(':') as [string, string, string]
      if (namespace === 'eip155') {
        const digits = address.slice(2)
        spellings.add(`eip155:${reference}:0x${digits.toLowerCase()}`)
        spellings.add(`eip155:${reference}:0x${digits.toUpperCase()}`)
      }
      spellings.delete(account)
      return [...spellings]
    },
  }
}
