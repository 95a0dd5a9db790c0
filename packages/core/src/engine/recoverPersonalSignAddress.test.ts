import fc from 'fast-check'
import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { recoverPersonalSignAddress } from './recoverPersonalSignAddress.js'

const wallet = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const message = `I authorize this app to sync my account: eip155:1:${wallet.address}\n\nRead more about it here: https://walletconnect.com/faq`

test('default: recovers the signer of an EIP-191 personal_sign signature', async () => {
  const signature = await wallet.signMessage({ message })
  expect(recoverPersonalSignAddress(message, signature)).toBe(wallet.address.toLowerCase())
})

test('behavior: another message recovers another address', async () => {
  const signature = await wallet.signMessage({ message })
  expect(recoverPersonalSignAddress(`${message}.`, signature)).not.toBe(wallet.address.toLowerCase())
})

test('behavior: v as 0/1 (some wallets) works like 27/28', async () => {
  const signature = await wallet.signMessage({ message })
  const v = Number.parseInt(signature.slice(130), 16)
  const compact = `${signature.slice(0, 130)}${(v - 27).toString(16).padStart(2, '0')}`
  expect(recoverPersonalSignAddress(message, compact)).toBe(wallet.address.toLowerCase())
})

test('parameters: malformed signatures recover nothing', () => {
  expect(recoverPersonalSignAddress(message, '0x1234')).toBeUndefined()
  expect(recoverPersonalSignAddress(message, `0x${'00'.repeat(65)}`)).toBeUndefined()
  expect(recoverPersonalSignAddress(message, `0x${'11'.repeat(64)}05`)).toBeUndefined()
  expect(recoverPersonalSignAddress(message, 42 as unknown as string)).toBeUndefined()
})

test('behavior: agrees with viem for any key and message (both recovery ids)', async () => {
  const recoveries = new Set<number>()
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((key) => key.some((byte) => byte !== 0)),
      fc.string(),
      async (key, text) => {
        const signer = privateKeyToAccount(`0x${Buffer.from(key).toString('hex')}`)
        const signature = await signer.signMessage({ message: text })
        recoveries.add(Number.parseInt(signature.slice(130), 16))
        expect(recoverPersonalSignAddress(text, signature)).toBe(signer.address.toLowerCase())
      },
    ),
    { numRuns: 60 },
  )
  expect([...recoveries].sort()).toEqual([27, 28])
})

test('parameters: anything around the hex, non-hex digits, or a recovery id other than 0 and 1 recover nothing', async () => {
  const signature = await wallet.signMessage({ message })
  expect(recoverPersonalSignAddress(message, `zz${signature}`)).toBeUndefined()
  expect(recoverPersonalSignAddress(message, `${signature}zz`)).toBeUndefined()
  expect(recoverPersonalSignAddress(message, ` ${signature}`)).toBeUndefined()
  expect(recoverPersonalSignAddress(message, `0x${'zz'.repeat(65)}`)).toBeUndefined()
  for (const v of [2, 26, 29, 30, 255]) {
    const other = `${signature.slice(0, 130)}${v.toString(16).padStart(2, '0')}`
    expect(recoverPersonalSignAddress(message, other)).toBeUndefined()
  }
})
