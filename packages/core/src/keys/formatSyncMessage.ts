/**
 * The sync message with `account` exactly as spelled. The reference client (`@walletconnect/sync-client`)
 * signs this for whatever string it is given; `getSyncMessage` gives it the canonical spelling.
 */
export function formatSyncMessage(account: string): string {
  return `I authorize this app to sync my account: ${account}\n\nRead more about it here: https://walletconnect.com/faq`
}
