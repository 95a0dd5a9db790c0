/**
 * The demo wallet's key: the first account of the well-known Hardhat/Anvil test mnemonic, published
 * everywhere and therefore owned by nobody. Demo wallet — do not use real funds.
 */
export const demoPrivateKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const
