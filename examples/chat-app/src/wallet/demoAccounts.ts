/**
 * The demo wallets' keys: the first two accounts of the well-known Hardhat/Anvil test mnemonic
 * ("test test … junk"), published everywhere and therefore owned by nobody. Public test keys —
 * do not use real funds.
 */
export const DEMO_ACCOUNTS = {
  alice: {
    id: 'alice',
    name: 'Alice',
    privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    account: 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  },
  bob: {
    id: 'bob',
    name: 'Bob',
    privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    account: 'eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  },
} as const

export type DemoAccountId = keyof typeof DEMO_ACCOUNTS
export type DemoAccount = (typeof DEMO_ACCOUNTS)[DemoAccountId]

export const isDemoAccountId = (value: unknown): value is DemoAccountId =>
  typeof value === 'string' && Object.hasOwn(DEMO_ACCOUNTS, value)
