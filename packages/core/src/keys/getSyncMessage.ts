import { formatSyncMessage } from './formatSyncMessage.js'
import { normalizeAccount } from './normalizeAccount.js'

/**
 * The exact message a user signs to enable sync for `account` (a CAIP-10 account id). It names the
 * account in its canonical form (`normalizeAccount`), so every spelling of one account signs the same
 * message and derives the same stores.
 * @throws {InvalidAccountError} when `account` is not CAIP-10 (or not an EVM account under `eip155`).
 */
export function getSyncMessage(account: string): string {
  return formatSyncMessage(normalizeAccount(account))
}
