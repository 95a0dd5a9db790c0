import { describe, expect, test } from 'vitest'
import { InvalidStoreNameError } from '../errors/keys.js'
import { storePath, storePathIndices } from './storePath.js'

describe('storePath', () => {
  test('default: published vector', () => {
    expect(storePath('my-user-profile')).toBe("m/77'/0'/0/1836658037/1936028205/1886547814/6909029")
  })

  test('behavior: chunks are at most 4 characters, big-endian, unpadded', () => {
    expect(storePathIndices('my-user-profile')).toEqual([
      0x6d792d75, // "my-u"
      0x7365722d, // "ser-"
      0x70726f66, // "prof"
      0x696c65, // "ile"
    ])
    expect(storePath('a')).toBe("m/77'/0'/0/97")
    expect(storePath('abcd')).toBe(`m/77'/0'/0/${0x61626364}`)
    expect(storePath('~~~~')).toBe(`m/77'/0'/0/${0x7e7e7e7e}`)
  })

  test('behavior: the chat store names', () => {
    expect(storePath('com.walletconnect.chat.threads')).toBe(
      "m/77'/0'/0/1668246830/2002873452/1702126447/1852728675/1949197160/1635004020/1752327521/25715",
    )
  })

  test.each([
    [7, 'not-a-string'],
    [null, 'not-a-string'],
    ['', 'empty'],
    ['caf\u00e9', 'unsupported-character'],
    ['tab\there', 'unsupported-character'],
    ['\u{1F600}', 'unsupported-character'],
  ])('parameters: invalid store name %j → %s', (name, reason) => {
    let caught: unknown
    try {
      storePath(name as string)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidStoreNameError)
    expect((caught as InvalidStoreNameError).reason).toBe(reason)
  })
})
