import { parseAccount } from '@chatsync/core'
import { InvalidInviteeError } from '../errors/chat.js'

const BARE_ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * The CAIP-10 account an app was given: a bare `0x…` address is taken as an Ethereum mainnet account
 * (`eip155:1:0x…`); white space around it is dropped.
 * @throws {InvalidInviteeError} (`not-an-account`) saying the form expected.
 */
export function toAccountId(input: string): string {
  const value = typeof input === 'string' ? input.trim() : ''
  if (BARE_ADDRESS.test(value)) return `eip155:1:${value}`
  try {
    parseAccount(value)
  } catch {
    throw new InvalidInviteeError({ reason: 'not-an-account' })
  }
  if (value.startsWith('eip155:') && !BARE_ADDRESS.test(value.split(':')[2] ?? ''))
    throw new InvalidInviteeError({ reason: 'not-an-account' })
  return value
}
