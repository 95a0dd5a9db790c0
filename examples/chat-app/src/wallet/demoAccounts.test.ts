import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { DEMO_ACCOUNTS } from './demoAccounts'

test('each demo account is the checksummed address of its public test key', () => {
  for (const demo of Object.values(DEMO_ACCOUNTS))
    expect(demo.account).toBe(`eip155:1:${privateKeyToAccount(demo.privateKey).address}`)
})
