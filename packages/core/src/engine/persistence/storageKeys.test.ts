import { describe, expect, test } from 'vitest'
import { chunkKey, journalKey, siblingKey, slotKey } from './storageKeys.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const base = `chatsync@1//account:${account}`

describe('storage keys', () => {
  test('default: the layout on storage (a key renamed would lose what an earlier version stored under it)', () => {
    expect(slotKey(base, 0)).toBe(base)
    expect(slotKey(base, 1)).toBe(`chatsync@1//account-b:${account}`)
    expect(journalKey(base, 0)).toBe(`chatsync@1//journal:${account}:0`)
    expect(journalKey(base, 41)).toBe(`chatsync@1//journal:${account}:41`)
    expect(chunkKey(base, 0, 0)).toBe(`chatsync@1//chunk:${account}:0:0`)
    expect(chunkKey(base, 1, 12)).toBe(`chatsync@1//chunk:${account}:1:12`)
    expect(siblingKey(base, 'reader')).toBe(`chatsync@1//reader:${account}`)
  })

  test('behavior: every key is beside the account key, none below it (the Node storage makes `:` and `/` directories)', () => {
    const keys = [slotKey(base, 1), journalKey(base, 3), chunkKey(base, 0, 2), chunkKey(base, 1, 0)]
    expect(new Set([base, ...keys]).size).toBe(keys.length + 1)
    for (const key of keys) expect(key.startsWith(base)).toBe(false)
  })
})
