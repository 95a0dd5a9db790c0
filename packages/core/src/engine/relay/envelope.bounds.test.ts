import { expect, test } from 'vitest'
import { openEnvelope, sealEnvelope, storeKeyBytes } from './envelope.js'

const key = storeKeyBytes('02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4')

test('behavior: the shortest envelope (type, nonce and tag around nothing) opens; anything shorter is malformed', () => {
  const empty = sealEnvelope(key, '')
  expect(Buffer.from(empty, 'base64')).toHaveLength(29)
  expect(openEnvelope(key, empty)).toEqual({ ok: true, text: '' })
  const short = Buffer.from(empty, 'base64').subarray(0, 28).toString('base64')
  expect(openEnvelope(key, short)).toEqual({ ok: false, reason: 'malformed' })
  // Long enough for a type and a nonce, too short for a tag.
  const noTag = Buffer.alloc(20).toString('base64')
  expect(openEnvelope(key, noTag)).toEqual({ ok: false, reason: 'malformed' })
})
