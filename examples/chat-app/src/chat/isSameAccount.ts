/**
 * Whether two CAIP-10 ids name the same account: eip155 addresses are hex, so a checksummed and a
 * lowercase address are the same account.
 */
export function isSameAccount(a: string, b: string): boolean {
  return a === b || (a.startsWith('eip155:') && a.toLowerCase() === b.toLowerCase())
}
