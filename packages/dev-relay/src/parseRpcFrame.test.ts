import { describe, expect, test } from 'vitest'
import { idKey, parseRpcFrame } from './parseRpcFrame.js'
import { RelayRpcError } from './relayRpcError.js'

const errorOf = (text: string) => {
  try {
    parseRpcFrame(text)
  } catch (error) {
    if (error instanceof RelayRpcError)
      return { code: error.code, rawId: error.rawId, message: error.message }
    throw error
  }
  throw new Error('expected a RelayRpcError')
}

describe('parseRpcFrame', () => {
  test('keeps a 19-digit numeric id as its raw text', () => {
    const frame = parseRpcFrame(
      '{"id":1731234567890123456,"jsonrpc":"2.0","method":"irn_subscribe","params":{}}',
    )
    expect(frame).toEqual({
      kind: 'request',
      rawId: '1731234567890123456',
      method: 'irn_subscribe',
      params: {},
    })
  })

  test('keeps a string id with its quotes, and idKey matches it to the number', () => {
    const frame = parseRpcFrame('{ "jsonrpc" : "2.0", "id" : "1731234567890123456", "method":"m"}')
    expect(frame.rawId).toBe('"1731234567890123456"')
    expect(idKey('"1731234567890123456"')).toBe(idKey('1731234567890123456'))
  })

  test('ignores nested ids and ids inside strings', () => {
    const text =
      '{"params":{"id":"nested","list":[{"id":3}],"s":"\\"id\\":9 {"},"method":"irn_unsubscribe","id":42,"jsonrpc":"2.0"}'
    expect(parseRpcFrame(text)).toMatchObject({ kind: 'request', rawId: '42', method: 'irn_unsubscribe' })
  })

  test('recognises responses (acks) and errors', () => {
    expect(parseRpcFrame('{"id":99,"jsonrpc":"2.0","result":true}')).toEqual({
      kind: 'response',
      rawId: '99',
      isError: false,
    })
    expect(parseRpcFrame('{"id":"7","jsonrpc":"2.0","error":{"code":1,"message":"x"}}')).toEqual({
      kind: 'response',
      rawId: '"7"',
      isError: true,
    })
  })

  test('a request without id is a notification (no id to answer)', () => {
    expect(parseRpcFrame('{"jsonrpc":"2.0","method":"m"}')).toMatchObject({ kind: 'request', rawId: null })
  })

  test('malformed frames give typed errors', () => {
    expect(errorOf('not json')).toMatchObject({ code: -32700, rawId: null })
    expect(errorOf('[1,2]')).toMatchObject({ code: -32600 })
    expect(errorOf('"text"')).toMatchObject({ code: -32600 })
    expect(errorOf('{"id":5,"method":7}')).toMatchObject({ code: -32600, rawId: '5' })
    expect(errorOf('{"id":{"a":1},"method":"m"}')).toMatchObject({ code: -32600, rawId: null })
    expect(errorOf('{"id":5}')).toMatchObject({ code: -32600, rawId: '5' })
  })
})
