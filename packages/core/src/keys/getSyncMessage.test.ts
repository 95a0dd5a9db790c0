import { describe, expect, test } from 'vitest'
import { InvalidAccountError } from '../errors/account.js'
import { getSyncMessage } from './getSyncMessage.js'
import { parseAccount } from './parseAccount.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'

describe('getSyncMessage', () => {
  test('default', () => {
    expect(getSyncMessage(account)).toBe(
      'I authorize this app to sync my account: eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb\n\nRead more about it here: https://walletconnect.com/faq',
    )
  })

  test('behavior: names the account in its canonical form, whatever its spelling', () => {
    const lower = 'eip155:1:0x45b84bc460ab29691858a28d782e2fdd575a4dbb'
    expect(getSyncMessage(lower)).toBe(getSyncMessage(account))
    expect(getSyncMessage(lower)).toContain(`account: ${account}\n`)
    expect(
      getSyncMessage('solana:4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZ:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv'),
    ).toContain(
      'account: solana:4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZ:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv\n',
    )
  })

  test.each([
    [42, 'not-a-string'],
    [undefined, 'not-a-string'],
    ['', 'wrong-segment-count'],
    ['0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb', 'wrong-segment-count'],
    ['eip155:0x45B8', 'wrong-segment-count'],
    ['eip155:1:0xab:cd', 'wrong-segment-count'],
    ['EIP155:1:0xab', 'invalid-namespace'],
    ['ei:1:0xab', 'invalid-namespace'],
    ['eip155::0xab', 'invalid-reference'],
    ['eip155:1 :0xab', 'invalid-reference'],
    [`eip155:${'1'.repeat(33)}:0xab`, 'invalid-reference'],
    ['eip155:1:', 'invalid-address'],
    ['eip155:1:0x ab', 'invalid-address'],
    ['eip155:1:0xabcDEF', 'invalid-address'],
    [`eip155:1:${'a'.repeat(129)}`, 'invalid-address'],
  ])('parameters: invalid account %j → %s', (input, reason) => {
    let caught: unknown
    try {
      getSyncMessage(input as string)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidAccountError)
    const error = caught as InvalidAccountError
    expect(error.name).toBe('InvalidAccountError')
    expect(error.reason).toBe(reason)
    expect(error.shortMessage).toMatch(/^Invalid CAIP-10 account/)
  })

  test('behavior: the error names the account and the problem', () => {
    expect(() => getSyncMessage('eip155:1')).toThrowErrorMatchingInlineSnapshot(`
      [InvalidAccountError: Invalid CAIP-10 account "eip155:1" (wrong-segment-count).

      Details: Expected namespace:reference:address (CAIP-10).
      Version: @chatsync/core@0.1.0]
    `)
  })
})

describe('parseAccount', () => {
  test('default', () => {
    expect(parseAccount(account)).toEqual({
      namespace: 'eip155',
      reference: '1',
      address: '0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb',
    })
  })
})
