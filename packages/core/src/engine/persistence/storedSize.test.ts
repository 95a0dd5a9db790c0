import { describe, expect, test } from 'vitest'
import { encodePersistedAccount } from './persistedAccount.js'
import { recordBytes } from './snapshotSlots.js'
import { jsonBytes, jsonStringBytes, splitText, utf8Bytes } from './storedSize.js'

const encoded = (text: string) => new TextEncoder().encode(text).length

describe('stored sizes', () => {
  const samples = [
    '',
    'plain ascii',
    'quotes " and \\ backslashes',
    'controls \n\t\r\b\f and \u0001\u001f',
    'accents é ü, CJK 漢字, emoji 😀👍🏽',
    'lone surrogates \ud800 x \udc00',
    'separators \u2028\u2029',
    JSON.stringify({ threads: { entries: { a: { topic: 'x"y' } } } }),
  ]

  test('default: the sizes are those of the JSON text in UTF-8', () => {
    for (const text of samples) {
      expect(jsonStringBytes(text)).toBe(encoded(JSON.stringify(text)))
      expect(utf8Bytes(JSON.stringify(text))).toBe(encoded(JSON.stringify(text)))
      expect(jsonBytes({ text })).toBe(encoded(JSON.stringify({ text })))
    }
  })

  test('default: a record is measured as its JSON text, with or without copy times', () => {
    const topics = { sentInvites: 'a', threads: 'b', inviteKeys: 'c', receivedInviteStatuses: 'd' }
    const stores = { threads: { entries: { k: { text: samples[4] } }, ids: { k: 1 } } } as never
    for (const copies of [undefined, '', '{"threads":{"k":1}}']) {
      const record = {
        ...encodePersistedAccount({ account: 'é', signature: 's', topics, stores, outbox: [], copies }),
        generation: 3,
      }
      expect(recordBytes(record)).toBe(encoded(JSON.stringify(record)))
    }
  })

  test('behavior: pieces join into the text, each within the bound, never cutting a surrogate pair', () => {
    const text = samples.join('|').repeat(40)
    for (const maxBytes of [8, 9, 16, 50, 333, 4096]) {
      const pieces = splitText(text, maxBytes)
      expect(pieces.join('')).toBe(text)
      let offset = 0
      for (const piece of pieces) {
        expect(piece.length).toBeGreaterThan(0)
        expect(encoded(JSON.stringify(piece))).toBeLessThanOrEqual(maxBytes)
        offset += piece.length
        // Never a high surrogate at the end of a piece with its low one at the start of the next.
        const last = piece.charCodeAt(piece.length - 1)
        const next = text.charCodeAt(offset)
        expect(last >= 0xd800 && last < 0xdc00 && next >= 0xdc00 && next < 0xe000).toBe(false)
      }
    }
    expect(splitText('', 100)).toEqual([''])
  })
})
