import { describe, expect, test } from 'vitest'
import type { OutboxItem } from './outboxItem.js'
import { restoreIdentities, restoreOutbox } from './restoreOutbox.js'

const keys = (name: string) => ({ publicKey: `pub ${name}`, privateKey: `priv ${name}`, account: name })
const del = (id: number, key: string): OutboxItem => ({ store: 'inviteKeys', method: 'wc_syncDel', id, key })
const setItem = (id: number, key: string): OutboxItem => ({
  store: 'inviteKeys',
  method: 'wc_syncSet',
  id,
  key,
  value: JSON.stringify(keys(key)),
})

describe('restoreOutbox and restoreIdentities', () => {
  test('behavior: well-formed items are kept in order; a set needs its value as text; anything else is left out', () => {
    const raw = [
      del(6, 'b'),
      setItem(7, 'c'),
      { ...setItem(8, 'd'), value: { not: 'text' } },
      { ...del(9, 'e'), store: 'elsewhere' },
      { ...del(10, 'f'), id: 0 },
      { ...del(11, 'g'), key: 11 },
      { ...del(12, 'h'), method: 'wc_syncMove' },
      'text',
      null,
    ]
    expect(restoreOutbox(raw)).toEqual([del(6, 'b'), setItem(7, 'c')])
    expect(restoreOutbox({ 0: del(1, 'a') })).toEqual([])
    expect(restoreOutbox(undefined)).toEqual([])
    expect(restoreIdentities(raw)).toEqual([
      del(6, 'b'),
      { store: 'inviteKeys', method: 'wc_syncSet', id: 7, key: 'c' },
      { store: 'inviteKeys', method: 'wc_syncSet', id: 8, key: 'd' },
    ])
    expect(restoreIdentities('text')).toEqual([])
  })
})
