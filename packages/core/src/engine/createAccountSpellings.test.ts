import { describe, expect, test } from 'vitest'
import { InvalidAccountError } from '../errors/account.js'
import { createAccountSpellings } from './createAccountSpellings.js'

const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
const checksummed = `eip155:1:${ADDRESS}`
const lower = `eip155:1:${ADDRESS.toLowerCase()}`
const upper = `eip155:1:0x${ADDRESS.slice(2).toUpperCase()}`

describe('createAccountSpellings', () => {
  test('default: the canonical form, and the other spellings an older version may have stored under', () => {
    const spellings = createAccountSpellings()
    expect(spellings.canonical(lower)).toBe(checksummed)
    expect(spellings.others(checksummed)).toEqual([lower, upper])
    // Given the canonical form, only the two one-case spellings.
    expect(createAccountSpellings().others(checksummed)).toEqual([lower, upper])
  })

  test('behavior: a spelling given (a zero-padded chain id) is remembered; the canonical one never listed', () => {
    const spellings = createAccountSpellings()
    const padded = `eip155:01:${ADDRESS}`
    expect(spellings.canonical(padded)).toBe(checksummed)
    expect(spellings.canonical(checksummed)).toBe(checksummed)
    expect(spellings.others(checksummed)).toEqual([padded, lower, upper])
    // Other namespaces: only the spellings given.
    const solana = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv'
    expect(spellings.others(solana)).toEqual([])
    expect(spellings.canonical(solana.replace(':7S3', ':%2f7S3'))).toBe(solana.replace(':7S3', ':%2F7S3'))
    expect(spellings.others(solana.replace(':7S3', ':%2F7S3'))).toEqual([solana.replace(':7S3', ':%2f7S3')])
  })

  test('error: canonical throws for an invalid account; find answers undefined instead', () => {
    const spellings = createAccountSpellings()
    expect(() => spellings.canonical('eip155:1:0xnot-an-address')).toThrow(InvalidAccountError)
    expect(spellings.find('eip155:1:0xnot-an-address')).toBeUndefined()
    expect(spellings.find(42)).toBeUndefined()
    expect(spellings.find(upper)).toBe(checksummed)
    // find remembers nothing.
    expect(spellings.others(checksummed)).toEqual([lower, upper])
  })
})
