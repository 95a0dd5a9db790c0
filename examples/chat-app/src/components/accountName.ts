import { DEMO_ACCOUNTS } from '../wallet/demoAccounts'

/** "Bob" for a demo account, else the address shortened (0xc225…BBee). */
export function accountName(account: string): string {
  const demo = Object.values(DEMO_ACCOUNTS).find((d) => d.account.toLowerCase() === account.toLowerCase())
  if (demo) return demo.name
  const address = account.split(':').at(-1) ?? account
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address
}
