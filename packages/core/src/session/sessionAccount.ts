import { normalizeAccount } from '../keys/normalizeAccount.js'

/**
 * The account a session holds: the canonical form of the one given (`normalizeAccount`), so two
 * spellings of one account are one account. An invalid one is kept as given: enabling then ends in the
 * client's `InvalidAccountError`.
 */
export function sessionAccount(account: string | undefined): string | undefined {
  if (account === undefined) return undefined
  try {
    return normalizeAccount(account)
  } catch {
    return account
  }
}
