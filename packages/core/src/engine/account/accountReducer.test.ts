import { describe, expect, test } from 'vitest'
import { InvalidStoreUpdateError } from '../../errors/lww.js'
import type { StoreUpdate } from '../../lww/applyUpdate.js'
import { emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { emptyUpdates, type StoreUpdates } from '../changes/storeUpdates.js'
import {
  type AccountEffect,
  type AccountState,
  fold,
  initialAccountState,
  reduceAccount,
  writeId,
} from './accountReducer.js'

const thread = (topic: string, peer = 'eip155:1:0xpeer') => ({
  topic,
  selfAccount: 'eip155:1:0xself',
  peerAccount: peer,
  symKey: 'ab'.repeat(32),
})
const set = (key: string, id: number, peer?: string): StoreUpdate<unknown> => ({
  type: 'set',
  id,
  key,
  value: thread(key, peer),
})
const del = (key: string, id: number): StoreUpdate<unknown> => ({ type: 'delete', id, key })
const updates = (threads: StoreUpdate<unknown>[]): StoreUpdates => ({ ...emptyUpdates(), threads })
const start = () => initialAccountState({ stores: emptyStores() })

/** The items the effects publish. */
const published = (effects: readonly AccountEffect[]) =>
  effects.flatMap((effect) => (effect.type === 'publish' ? [effect.item] : []))

/** Runs events in order; returns the last state and every effect. */
function run(state: AccountState, events: Parameters<typeof reduceAccount>[1][]) {
  const effects: AccountEffect[] = []
  for (const event of events) {
    const next = reduceAccount(state, event)
    state = next.state
    effects.push(...next.effects)
  }
  return { state: fold(state), effects }
}

const types = (effects: readonly AccountEffect[]) => effects.map((effect) => effect.type)

describe('local writes', () => {
  test('default: applied locally, queued in the outbox, published, persisted, announced', () => {
    const { state, effects } = run(start(), [
      {
        type: 'write',
        store: 'threads',
        change: { type: 'set', key: 't', value: thread('t'), text: '{}' },
        clock: 5,
      },
    ])
    expect(state.stores.threads.entries.t).toEqual(thread('t'))
    expect(state.stores.threads.ids.t).toBe(5)
    const item = { store: 'threads', method: 'wc_syncSet', id: 5, key: 't', value: '{}' }
    expect(published(effects)).toEqual([item])
    expect(types(effects)).toEqual(['changed', 'publish', 'persist'])
    expect(effects[2]).toEqual({ type: 'persist', delta: { added: [item] } })
    expect(effects[0]).toEqual({ type: 'changed', stores: ['threads'], source: 'local' })
  })

  test('behavior: a write beats what the device has for its key, folded or still pending, whatever the clock', () => {
    const remote = reduceAccount(start(), {
      type: 'remote',
      updates: updates([set('t', 1000)]),
      caughtUp: false,
    })
    const first = reduceAccount(remote.state, {
      type: 'write',
      store: 'threads',
      change: { type: 'delete', key: 't' },
      clock: 10,
    })
    // The millisecond after the known change's (id 1000: millisecond 1), with the clock's digits (010).
    expect(published(first.effects).map((item) => item.id)).toEqual([2010])
    const second = reduceAccount(first.state, {
      type: 'write',
      store: 'threads',
      change: { type: 'set', key: 't', value: thread('t'), text: '{}' },
      clock: 20,
    })
    expect(published(second.effects).map((item) => item.id)).toEqual([3020])
    expect(fold(second.state).stores.threads.entries.t).toEqual(thread('t'))
  })

  test('behavior: two devices behind the clock of a third take different ids for their writes after its change', () => {
    const known = 1_700_000_000_000_123
    // Fresh ids of two devices whose clocks are 5 s behind, with different random digits.
    const [one, two] = [writeId(1_699_999_995_000_456, known), writeId(1_699_999_995_000_789, known)]
    expect([one, two]).toEqual([1_700_000_000_001_456, 1_700_000_000_001_789])
    // A fresh id that beats the known one is kept as it is.
    expect(writeId(known + 1, known)).toBe(known + 1)
    expect(writeId(5, 0)).toBe(5)
    // A fresh id equal to the known one would tie with the change it must beat.
    expect(writeId(known, known)).toBe(1_700_000_000_001_123)
  })

  test('behavior: after a change near the largest safe id, a write takes the next id, and at the largest it is refused with nothing changed', () => {
    const clock = 1_700_000_000_000_456
    expect(writeId(clock, Number.MAX_SAFE_INTEGER - 500)).toBe(Number.MAX_SAFE_INTEGER - 499)
    expect(writeId(clock, Number.MAX_SAFE_INTEGER - 1)).toBe(Number.MAX_SAFE_INTEGER)
    expect(writeId(clock, 9_007_199_254_739_999)).toBe(9_007_199_254_740_456)
    const state = reduceAccount(start(), {
      type: 'remote',
      updates: updates([set('t', Number.MAX_SAFE_INTEGER), set('u', Number.MAX_SAFE_INTEGER - 1)]),
      caughtUp: true,
    }).state
    const write = (key: string) =>
      reduceAccount(state, {
        type: 'write',
        store: 'threads',
        change: { type: 'delete', key },
        clock,
      })
    expect(() => write('t')).toThrow(InvalidStoreUpdateError)
    expect(() => write('t')).toThrow(/no id is left above 9007199254740991/)
    expect(state.pending.size).toBe(0)
    // The key beside it still takes a write, and the state folds.
    const next = write('u')
    expect(published(next.effects).map((item) => item.id)).toEqual([Number.MAX_SAFE_INTEGER])
    expect(fold(next.state).stores.threads.entries).toEqual({ t: thread('t') })
  })

  test('behavior: a burst of writes is folded into one copy of the store, only when read', () => {
    let state = start()
    const before = state.stores.threads
    for (let i = 0; i < 5; i++) {
      state = reduceAccount(state, {
        type: 'write',
        store: 'threads',
        change: { type: 'set', key: `t${i}`, value: thread(`t${i}`), text: '{}' },
        clock: 100 + i,
      }).state
    }
    expect(state.stores.threads).toBe(before)
    expect(state.pending.size).toBe(5)
    const folded = fold(state)
    expect(Object.keys(folded.stores.threads.entries)).toHaveLength(5)
    expect(folded.pending.size).toBe(0)
    expect(folded.stores.inviteKeys).toBe(state.stores.inviteKeys)
    expect(fold(folded)).toBe(folded)
  })
})

describe('memory', () => {
  test('behavior: at 4,096 pending writes the next write folds them in first', () => {
    let state = start()
    const write = (n: number) =>
      reduceAccount(state, {
        type: 'write',
        store: 'threads',
        change: { type: 'delete', key: `k${n}` },
        clock: 1000 + n,
      }).state
    for (let n = 0; n < 4096; n++) state = write(n)
    expect(state.pending.size).toBe(4096)
    expect(Object.keys(state.stores.threads.ids)).toHaveLength(0)
    state = write(4096)
    expect(state.pending.size).toBe(1)
    expect(Object.keys(state.stores.threads.ids)).toHaveLength(4096)
    expect(Object.keys(fold(state).stores.threads.ids)).toHaveLength(4097)
  })
})

describe('remote changes', () => {
  test('behavior: a change is announced, persisted and told to other tabs only when it changes something', () => {
    const first = run(start(), [{ type: 'remote', updates: updates([set('t', 5)]), caughtUp: false }])
    expect(types(first.effects)).toEqual(['persist', 'applied', 'changed'])
    expect(first.effects[1]).toEqual({ type: 'applied', updates: { threads: [set('t', 5)] } })
    const stale = reduceAccount(first.state, {
      type: 'remote',
      updates: updates([set('t', 4), set('t', 5)]),
      caughtUp: false,
    })
    expect(stale.effects).toEqual([])
    expect(stale.state).toBe(first.state)
  })

  test('behavior: caught up once makes the account ready, announced once', () => {
    const { state, effects } = run(start(), [
      { type: 'remote', updates: emptyUpdates(), caughtUp: true },
      { type: 'remote', updates: emptyUpdates(), caughtUp: true },
    ])
    expect(state.status).toBe('ready')
    expect(effects).toEqual([{ type: 'changed', stores: [], source: 'remote' }, { type: 'ready' }])
  })
})

describe('other tabs', () => {
  const item = (id: number): OutboxItem => ({ store: 'threads', method: 'wc_syncDel', id, key: `k${id}` })

  test('behavior: their writes are taken over (each change once per message), published and persisted; nothing is told back', () => {
    const { state, effects } = run(start(), [
      { type: 'tab', updates: updates([del('k1', 1)]), written: [item(1), item(1)] },
    ])
    expect(state.stores.threads.ids.k1).toBe(1)
    expect(types(effects)).toEqual(['persist', 'publish', 'changed', 'persist'])
    expect(effects.some((effect) => effect.type === 'applied')).toBe(false)
    expect(published(effects)).toEqual([item(1)])
    expect(effects[3]).toEqual({ type: 'persist', delta: { added: [item(1)] } })
  })
})

describe('what stays the same', () => {
  test('behavior: changes that change nothing keep the stores object, so a snapshot built on it stays the same', () => {
    const { state } = run(start(), [{ type: 'remote', updates: updates([set('t', 5)]), caughtUp: true }])
    const item: OutboxItem = { store: 'threads', method: 'wc_syncDel', id: 9, key: 'x' }
    const tab = reduceAccount(state, { type: 'tab', updates: updates([set('t', 4)]), written: [item] })
    expect(tab.state.stores).toBe(state.stores)
    expect(published(tab.effects)).toEqual([item])
    const remote = reduceAccount(state, { type: 'remote', updates: updates([set('t', 5)]), caughtUp: true })
    expect(remote.state).toBe(state)
  })
})

describe('delivery', () => {
  test("behavior: what the relay accepted leaves storage's outbox too; nothing delivered, nothing to persist", () => {
    const item: OutboxItem = { store: 'threads', method: 'wc_syncDel', id: 7, key: 'k' }
    expect(reduceAccount(start(), { type: 'delivered', items: [] }).effects).toEqual([])
    const delivered = reduceAccount(start(), { type: 'delivered', items: [item] })
    expect(delivered.effects).toEqual([{ type: 'persist', delta: { delivered: [item] } }])
  })
})
