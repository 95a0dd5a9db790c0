/**
 * Whether two CAIP-10 ids name the same account. The one place accounts are compared: eip155 addresses
 * are hex, so a checksummed and a lowercase address on the same chain are the same account; everything
 * else compares as written. (To switch to `@chatsync/core`'s account normalisation once it has one.)
 */
export function sameAccount(a: string, b: string): boolean {
  if (a === b) return true
  return a.startsWith('eip155:') && b.startsWith('eip155:') && a.toLowerCase() === b.toLowerCase()
}
