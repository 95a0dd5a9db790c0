import { describe, expect, test, vi } from 'vitest'
import { applyUpdates } from '../../lww/applyUpdate.js'
import { byStore } from '../../stores/byStore.js'
import { type ChatSyncStores, emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import {
  decodePersistedAccount,
  encodePersistedAccount,
  PERSISTED_ACCOUNT_VERSION,
  persistedAccountKey,
} from './persistedAccount.js'

/*
 * Storage is outside the engine's control: a record read back is checked field by field, and whatever
 * is wrong is left out (or the record refused) rather than trusted.
 */

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const topics = byStore((store) => store.length.toString(16).padStart(64, 'c'))
const keys = (name: string) => ({ publicKey: `pub ${name}`, privateKey: `priv ${name}`, account: name })
const del = (id: number, key: string): OutboxItem => ({ store: 'inviteKeys', method: 'wc_syncDel', id, key })

function stores(): ChatSyncStores {
  const empty = emptyStores()
  return {
    ...empty,
    inviteKeys: applyUpdates(empty.inviteKeys, [
      { type: 'set', id: 5, key: 'a', value: keys('a') },
      { type: 'delete', id: 6, key: 'b' },
    ]),
  } as ChatSyncStores
}

const record = (fields: Record<string, unknown> = {}) => ({
  ...encodePersistedAccount({ account, signature: '0xsig', topics, stores: stores(), outbox: [del(6, 'b')] }),
  ...fields,
})

describe('encodePersistedAccount', () => {
  test('default: the version, account, topics, stores and outbox as JSON text; no signature or copies unless given', () => {
    const plain = encodePersistedAccount({
      account,
      signature: undefined,
      topics,
      stores: stores(),
      outbox: [],
    })
    expect(plain).toEqual({
      version: PERSISTED_ACCOUNT_VERSION,
      account,
      topics,
      stores: JSON.stringify(stores()),
      outbox: '[]',
    })
    expect(Object.keys(plain)).not.toContain('signature')
    expect(Object.keys(plain)).not.toContain('copies')
    const full = encodePersistedAccount({
      account,
      signature: '0xsig',
      topics,
      stores: stores(),
      outbox: [del(6, 'b')],
      copies: '{"inviteKeys":{"a":1}}',
    })
    expect(full).toMatchObject({
      signature: '0xsig',
      copies: '{"inviteKeys":{"a":1}}',
      outbox: JSON.stringify([del(6, 'b')]),
    })
  })

  test('behavior: the key of an account’s record names the version, the scope and the account', () => {
    expect(persistedAccountKey('', account)).toBe(`chatsync@1//account:${account}`)
    expect(persistedAccountKey('-wc@2', account)).toBe(`chatsync@1-wc@2//account:${account}`)
  })
})

describe('decodePersistedAccount', () => {
  test('default: a record reads back as it was written', () => {
    const decoded = decodePersistedAccount(record({ copies: '{"x":1}' }), account)
    expect(decoded).toMatchObject({ signature: '0xsig', topics, outbox: [del(6, 'b')], copies: '{"x":1}' })
    expect({ ...decoded?.stores.inviteKeys.ids }).toEqual({ a: 5, b: 6 })
    expect({ ...decoded?.stores.inviteKeys.entries }).toEqual({ a: keys('a') })
  })

  test('behavior: nothing, another account, other versions without migrate, or broken topics: no record', () => {
    for (const raw of [undefined, null, 'text', [record()], 7])
      expect(decodePersistedAccount(raw, account)).toBeUndefined()
    expect(decodePersistedAccount(record(), 'eip155:1:0xother')).toBeUndefined()
    expect(decodePersistedAccount(record({ version: 2 }), account)).toBeUndefined()
    expect(decodePersistedAccount(record({ topics: 'none' }), account)).toBeUndefined()
    expect(
      decodePersistedAccount(record({ topics: { ...topics, threads: undefined } }), account),
    ).toBeUndefined()
    expect(decodePersistedAccount(record({ topics: { ...topics, threads: 42 } }), account)).toBeUndefined()
    expect(
      decodePersistedAccount(record({ topics: { ...topics, threads: 'A'.repeat(64) } }), account),
    ).toBeUndefined()
    expect(
      decodePersistedAccount(record({ topics: { ...topics, threads: `x${'a'.repeat(64)}` } }), account),
    ).toBeUndefined()
    expect(
      decodePersistedAccount(record({ topics: { ...topics, threads: `${'a'.repeat(64)}x` } }), account),
    ).toBeUndefined()
    expect(
      decodePersistedAccount(record({ topics: { ...topics, inviteKeys: 'a'.repeat(63) } }), account),
    ).toBeUndefined()
    // Not text, though it reads as a topic once turned into text.
    expect(
      decodePersistedAccount(record({ topics: { ...topics, threads: ['a'.repeat(64)] } }), account),
    ).toBeUndefined()
  })

  test('behavior: migrate turns another version into this one; what it cannot is no record', () => {
    const migrate = vi.fn((raw: unknown) => ({ ...(raw as object), version: 1 }) as never)
    expect(decodePersistedAccount(record({ version: 0 }), account, migrate)).toMatchObject({ topics })
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ version: 0 }), 0)
    decodePersistedAccount(record({ version: 'old' }), account, migrate)
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ version: 'old' }), 0)
    decodePersistedAccount(record({ version: 3 }), account, migrate)
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ version: 3 }), 3)
    expect(decodePersistedAccount(record({ version: 0 }), account, () => undefined)).toBeUndefined()
    expect(
      decodePersistedAccount(record({ version: 0 }), account, () => ({ version: 2 }) as never),
    ).toBeUndefined()
    const toOtherVersion = (raw: unknown) => ({ ...(raw as object), version: 2 }) as never
    expect(decodePersistedAccount(record({ version: 0 }), account, toOtherVersion)).toBeUndefined()
    expect(decodePersistedAccount(record({ version: 0 }), account, () => 'text' as never)).toBeUndefined()
    // A record of this version is never migrated.
    const untouched = vi.fn()
    decodePersistedAccount(record(), account, untouched)
    expect(untouched).not.toHaveBeenCalled()
  })

  test('behavior: an outbox that is not JSON text of a list is empty', () => {
    for (const outbox of ['not json', 42, [JSON.stringify([del(6, 'b')])], JSON.stringify({ id: 6 })])
      expect(decodePersistedAccount(record({ outbox }), account)?.outbox).toEqual([])
  })

  test('behavior: an empty or missing signature is none; copies that are not text are none', () => {
    expect(decodePersistedAccount(record({ signature: '' }), account)?.signature).toBeUndefined()
    expect(decodePersistedAccount(record({ signature: 42 }), account)?.signature).toBeUndefined()
    expect(decodePersistedAccount(record({ signature: undefined }), account)?.signature).toBeUndefined()
    expect(decodePersistedAccount(record({ copies: { a: 1 } }), account)?.copies).toBeUndefined()
    expect(decodePersistedAccount(record(), account)?.copies).toBeUndefined()
  })

  test('behavior: stores that cannot be read are empty; an entry failing its schema keeps only its id', () => {
    const empty = (raw: Record<string, unknown>) => {
      const decoded = decodePersistedAccount(record(raw), account)
      return {
        ids: { ...decoded?.stores.inviteKeys.ids },
        entries: { ...decoded?.stores.inviteKeys.entries },
      }
    }
    // A list holding the stores' text is not text: it reads as nothing, though it would parse once joined.
    const notText = [JSON.stringify(stores())]
    for (const stores of [
      'not json',
      42,
      notText,
      JSON.stringify('text'),
      JSON.stringify({ inviteKeys: 'x' }),
    ]) {
      expect(empty({ stores })).toEqual({ ids: {}, entries: {} })
    }
    expect(empty({ stores: JSON.stringify({ inviteKeys: { entries: [], ids: { a: 5 } } }) })).toEqual({
      ids: {},
      entries: {},
    })
    expect(
      empty({ stores: JSON.stringify({ inviteKeys: { entries: { a: keys('a') }, ids: 'x' } }) }),
    ).toEqual({
      ids: {},
      entries: {},
    })
    const mixed = JSON.stringify({
      inviteKeys: {
        entries: { ok: keys('ok'), bad: { publicKey: 1 }, orphan: keys('orphan'), wrongId: keys('wrongId') },
        ids: { ok: 5, bad: 6, wrongId: -1, tomb: 7, text: '8' },
      },
    })
    expect(empty({ stores: mixed })).toEqual({ ids: { ok: 5, bad: 6, tomb: 7 }, entries: { ok: keys('ok') } })
    // The entry that failed its schema is not there at all (a tombstone), not there as undefined.
    expect(Object.keys(empty({ stores: mixed }).entries)).toEqual(['ok'])
  })
})
