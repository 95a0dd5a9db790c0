import { parseAccount } from './parseAccount.js'

/**
 * The exact message a user signs to enable sync for `account` (a CAIP-10 account id).
 * @throws {InvalidAccountError} when `account` is not CAIP-10.
 */
export function getSyncMessage(account: string): string {
  parseAccount(account)
  return `I authorize this app to sync my account: ${account}\n\nRead more about it here: https://walletconnect.com/faq`
}
