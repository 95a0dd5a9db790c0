import fc from 'fast-check'
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
    // The edges of each size: one byte up to U+007F, two up to U+07FF, three from U+0800 (surrogates are
    // U+D800 to U+DFFF: U+E000 is a character of its own).
    'edges \u007f \u0080 \u07ff \u0800 \ud7ff \ue000 \uffff',
    'a lone high surrogate before U+E000 and U+FFFF: \ud800\ue000 \udbff\uffff',
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

  test('error: a bound with no room for the widest character (six bytes and the quotes) is refused', () => {
    for (const maxBytes of [0, 2, 7]) {
      expect(() => splitText('\u0001', maxBytes)).toThrow(RangeError)
      expect(() => splitText('\u0001', maxBytes)).toThrow('maxBytes must leave room for one character')
    }
    expect(splitText('\u0001', 8)).toEqual(['\u0001'])
  })

  test('behavior: a value with no JSON text (undefined) takes no bytes', () => {
    expect(jsonBytes(undefined)).toBe(0)
  })

  /** The next character of `text` at `offset`: one unit, or a surrogate pair. */
  const nextCharacter = (text: string, offset: number) => {
    const code = text.charCodeAt(offset)
    const next = text.charCodeAt(offset + 1)
    const pair = code >= 0xd800 && code < 0xdc00 && next >= 0xdc00 && next < 0xe000
    return text.slice(offset, offset + (pair ? 2 : 1))
  }

  test('behavior: any text (runs of plain ASCII, escapes, wide and lone surrogate units): exact sizes, and pieces as long as the bound allows', () => {
    const unit = fc.constantFrom(
      'a',
      'bc',
      ' ',
      '~',
      '\x7f',
      '"',
      '\\',
      '\n',
      '\u0001',
      'é',
      '漢',
      '😀',
      '\ud800',
      '\udc00',
      '\u0080',
      '\u0800',
      '\ue000',
    )
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 120 }).map((units) => units.join('')),
        fc.integer({ min: 8, max: 64 }),
        (text, maxBytes) => {
          expect(jsonStringBytes(text)).toBe(encoded(JSON.stringify(text)))
          expect(utf8Bytes(JSON.stringify(text))).toBe(encoded(JSON.stringify(text)))
          const pieces = splitText(text, maxBytes)
          expect(pieces.join('')).toBe(text)
          let offset = 0
          for (const [index, piece] of pieces.entries()) {
            expect(jsonStringBytes(piece)).toBeLessThanOrEqual(maxBytes)
            if (text !== '') expect(piece).not.toBe('')
            offset += piece.length
            // Each piece but the last is full: its next character would not fit.
            if (index < pieces.length - 1)
              expect(jsonStringBytes(piece + nextCharacter(text, offset))).toBeGreaterThan(maxBytes)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
