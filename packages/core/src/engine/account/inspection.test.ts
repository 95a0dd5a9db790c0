import { describe, expect, test } from 'vitest'
import { RelayUnreachableError } from '../../errors/relay.js'
import { applyUpdates, type LwwMap } from '../../lww/applyUpdate.js'
import { emptyStores } from '../accountSnapshot.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { resolveRetention } from '../retention.js'
import { initialAccountState } from './accountReducer.js'
import { inspectAccount, inspectStores, MASKED, maskSecrets } from './inspection.js'

const sentInvite = {
  message: 'hi',
  inviterAccount: 'eip155:1:0xa',
  inviteeAccount: 'eip155:1:0xb',
  inviteePublicKey: 'c'.repeat(64),
  inviterPubKeyY: 'd'.repeat(64),
  inviterPrivKeyY: 'e'.repeat(64),
  responseTopic: 'f'.repeat(64),
  symKey: '1'.repeat(64),
  timestamp: 1,
  status: 'pending',
}

describe('maskSecrets', () => {
  test('behavior: every secret field of each store is masked, the rest kept, the value not mutated', () => {
    expect(maskSecrets('sentInvites', sentInvite)).toEqual({
      ...sentInvite,
      inviterPrivKeyY: MASKED,
      symKey: MASKED,
    })
    expect(sentInvite.symKey).toBe('1'.repeat(64))
    expect(maskSecrets('threads', { topic: 't', symKey: 'k' })).toEqual({ topic: 't', symKey: MASKED })
    expect(maskSecrets('inviteKeys', { publicKey: 'p', privateKey: 'k' })).toEqual({
      publicKey: 'p',
      privateKey: MASKED,
    })
    expect(maskSecrets('receivedInviteStatuses', { id: 1, status: 'approved' })).toEqual({
      id: 1,
      status: 'approved',
    })
    // A field that is not there is not added.
    expect(maskSecrets('threads', { topic: 't' })).toEqual({ topic: 't' })
    expect(MASKED).toBe('••••••')
  })

  test('behavior: values that are not objects are shown as they are', () => {
    expect(maskSecrets('threads', null)).toBeNull()
    expect(maskSecrets('threads', 'text')).toBe('text')
    expect(maskSecrets('threads', 5)).toBe(5)
  })
})

describe('inspectStores', () => {
  test('behavior: entries newest change first, tombstones marked, the last writer and copy time of each', () => {
    const stores = {
      ...emptyStores(),
      threads: applyUpdates(emptyStores().threads as LwwMap<unknown>, [
        { type: 'set', id: 10, key: 'old', value: { topic: 'old', symKey: 'k' } },
        { type: 'set', id: 30, key: 'new', value: { topic: 'new', symKey: 'k' } },
        { type: 'delete', id: 20, key: 'gone' },
      ]),
    }
    const localIds = new Map([
      ['threads\u0000new', 30],
      ['threads\u0000old', 9],
    ])
    const inspected = inspectStores(stores as never, localIds, (_store, key) =>
      key === 'new' ? 1234 : undefined,
    )
    expect(inspected.threads).toEqual([
      {
        key: 'new',
        id: 30,
        deleted: false,
        lastWriter: 'local',
        value: { topic: 'new', symKey: MASKED },
        copyAt: 1234,
      },
      { key: 'gone', id: 20, deleted: true, lastWriter: 'remote', value: undefined, copyAt: undefined },
      {
        key: 'old',
        id: 10,
        deleted: false,
        lastWriter: 'remote',
        value: { topic: 'old', symKey: MASKED },
        copyAt: undefined,
      },
    ])
    expect(inspected.sentInvites).toEqual([])
  })
})

describe('inspectAccount', () => {
  test('behavior: gathers what each part knows, without secrets', () => {
    const position = { slot: 1 as const, generation: 4, journalFrom: 7, nextSeq: 10 }
    const inspection = inspectAccount({
      account: 'eip155:1:0xa',
      core: { relayer: { connected: true, transportExplicitlyClosed: undefined } } as unknown as ChatSyncCore,
      connection: { status: 'connected', failure: undefined, url: 'ws://relay.example/' },
      state: { ...initialAccountState({ stores: emptyStores() }), status: 'ready' },
      catchUp: { status: 'idle' } as never,
      incoming: { last: { at: 1, messages: 2, ms: 3, rebuilt: true } },
      outbox: {
        describe: () => ({
          items: [
            {
              item: { store: 'threads', method: 'wc_syncSet', id: 5, key: 'k', value: '{"secret":1}' },
              sending: true,
            },
          ],
          failures: 2,
          retrying: true,
        }),
      },
      persister: { pending: true },
      position,
      keepAlive: { nextDue: 99, copyAt: () => undefined },
      retention: resolveRetention({ ttlSeconds: 40, refreshAfterSeconds: 30 }),
      localIds: new Map(),
    })
    expect(inspection).toMatchObject({
      account: 'eip155:1:0xa',
      status: 'ready',
      catchUp: { status: 'idle', last: { at: 1, messages: 2, ms: 3, rebuilt: true } },
      relay: { connection: 'connected', url: 'ws://relay.example/', connected: true, closedByApp: false },
      outbox: {
        items: [{ store: 'threads', key: 'k', id: 5, method: 'wc_syncSet', sending: true }],
        failures: 2,
        retrying: true,
      },
      storage: { saving: true, generation: 4, journalEntries: 3 },
      keepAlive: { nextRefreshAt: 99, ttlSeconds: 40, refreshAfterSeconds: 30 },
    })
    // The outbox shows which writes wait, never their values.
    expect(JSON.stringify(inspection)).not.toContain('secret')
    const closed = inspectAccount({
      ...({} as Parameters<typeof inspectAccount>[0]),
      account: 'a',
      core: { relayer: { connected: false, transportExplicitlyClosed: true } } as unknown as ChatSyncCore,
      connection: { status: 'offline', failure: undefined, url: 'ws://relay.example/' },
      state: initialAccountState({ stores: emptyStores() }),
      catchUp: { status: 'idle' } as never,
      incoming: { last: undefined },
      outbox: { describe: () => ({ items: [], failures: 0, retrying: false }) },
      persister: { pending: false },
      position,
      keepAlive: { nextDue: undefined, copyAt: () => undefined },
      retention: resolveRetention(),
      localIds: new Map(),
    })
    expect(closed.relay).toEqual({
      connection: 'offline',
      url: 'ws://relay.example/',
      connected: false,
      closedByApp: true,
      failure: undefined,
    })
    expect(closed.status).toBe('syncing')
  })

  test('behavior: an offline relay shows why, in words, without the error itself', () => {
    const failure = new RelayUnreachableError({ url: 'ws://relay.example/', reason: 'refused' })
    const inspection = inspectAccount({
      account: 'a',
      core: { relayer: { connected: false, transportExplicitlyClosed: false } } as unknown as ChatSyncCore,
      connection: { status: 'offline', failure, url: 'ws://relay.example/' },
      state: initialAccountState({ stores: emptyStores() }),
      catchUp: { status: 'idle' } as never,
      incoming: { last: undefined },
      outbox: { describe: () => ({ items: [], failures: 0, retrying: false }) },
      persister: { pending: false },
      position: { slot: 1, generation: 0, journalFrom: 0, nextSeq: 0 },
      keepAlive: { nextDue: undefined, copyAt: () => undefined },
      retention: resolveRetention(),
      localIds: new Map(),
    })
    expect(inspection.relay.failure).toEqual({
      reason: 'refused',
      message: 'The relay at ws://relay.example/ cannot be reached: the connection was refused.',
    })
    expect(inspection.relay.failure).not.toBeInstanceOf(Error)
  })
})
