import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { StoreUpdate } from '../../lww/applyUpdate.js'
import type { ChatStoreId } from '../../stores/catalogue.js'
import { emptyStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { emptyUpdates, type StoreUpdates } from '../changes/storeUpdates.js'
import {
  type AccountEffect,
  type AccountEvent,
  type AccountState,
  fold,
  initialAccountState,
  reduceAccount,
} from './accountReducer.js'

/*
 * The reducer against a reference model written separately, with none of its code: per store and key,
 * the change with the highest id wins (a delete leaves a tombstone that beats older sets); of different
 * changes with one id, a set beats a delete and the greater sorted JSON text beats the other, whatever
 * arrived first; a local write takes its clock, or if that is not higher than the key's id, the next
 * millisecond's id with the clock's three digits. Random runs of local writes, relay
 * messages, other tabs' changes, deliveries and folds must leave the reducer's stores equal to the model,
 * publish exactly what the model says, and announce exactly the stores whose content changed.
 */

type Slot = { id: number; deleted: boolean; value: unknown }
type Model = { stores: Map<ChatStoreId, Map<string, Slot>>; ready: boolean }

const STORES: readonly ChatStoreId[] = ['threads', 'inviteKeys']
const KEYS = ['a', 'b', '__proto__']

const newModel = (): Model => ({ stores: new Map(STORES.map((store) => [store, new Map()])), ready: false })

/** Orders changes with one id: a delete lowest, then sets by their value's JSON text with sorted keys. */
const rankOf = ({ deleted, value }: { deleted: boolean; value: unknown }) =>
  deleted ? '' : `set ${JSON.stringify(value, Object.keys(value as object).sort())}`

/** Applies one change to the model; whether it changed anything. */
function modelApply(
  model: Model,
  store: ChatStoreId,
  change: { id: number; deleted: boolean; value: unknown },
) {
  const slots = model.stores.get(store) as Map<string, Slot>
  const key = (change as { key?: string }).key as string
  const current = slots.get(key)
  if (current && change.id < current.id) return false
  if (current && change.id === current.id && rankOf(change) <= rankOf(current)) return false
  slots.set(key, { id: change.id, deleted: change.deleted, value: change.value })
  return true
}

/** The model's view of a store: `{ key: [id, value | 'deleted'] }`. */
function modelView(model: Model, store: ChatStoreId) {
  const out: Record<string, [number, unknown]> = {}
  for (const [key, slot] of model.stores.get(store) ?? [])
    out[key] = [slot.id, slot.deleted ? 'deleted' : slot.value]
  return out
}

/** The reducer's view of a store, in the model's form. */
function reducerView(state: AccountState, store: ChatStoreId) {
  const { entries, ids } = fold(state).stores[store]
  const out: Record<string, [number, unknown]> = {}
  for (const key of Object.keys(ids)) {
    out[key] = [ids[key] as number, Object.hasOwn(entries, key) ? entries[key] : 'deleted']
  }
  return out
}

/**
 * One remote change. Ids come from a small range, so one id often carries different changes to a key (a
 * set and a delete, a local and a remote value): the reducer must order them as the model does.
 */
const remoteChange = fc
  .record({
    store: fc.constantFrom(...STORES),
    key: fc.constantFrom(...KEYS),
    // Around the clocks, and around the ids a bump after them takes (1001–1060, 2001–2060).
    id: fc.oneof(
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1001, max: 1060 }),
      fc.integer({ min: 2001, max: 2060 }),
    ),
    deleted: fc.boolean(),
  })
  .map(({ store, key, id, deleted }) => ({
    store,
    update: (deleted
      ? { type: 'delete', id, key }
      : { type: 'set', id, key, value: { from: 'remote', store, key, id } }) as StoreUpdate<unknown>,
  }))

const event = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      store: fc.constantFrom(...STORES),
      key: fc.constantFrom(...KEYS),
      deleted: fc.boolean(),
      clock: fc.integer({ min: 1, max: 60 }),
      tag: fc.nat({ max: 999 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('remote' as const),
      changes: fc.array(remoteChange, { maxLength: 6 }),
      caughtUp: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tab' as const),
      changes: fc.array(remoteChange, { maxLength: 4 }),
      written: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delivered' as const), count: fc.nat({ max: 2 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fold' as const }) },
)

const published = (effects: readonly AccountEffect[]) =>
  effects.flatMap((effect) => (effect.type === 'publish' ? [effect] : []))
const announced = (effects: readonly AccountEffect[]) =>
  effects.flatMap((effect) => (effect.type === 'changed' ? [...effect.stores] : [])).sort()

function updatesOf(changes: { store: ChatStoreId; update: StoreUpdate<unknown> }[]): StoreUpdates {
  const updates = emptyUpdates()
  for (const { store, update } of changes) updates[store].push(update)
  return updates
}

describe('reduceAccount against a reference model', () => {
  test('behavior: random local writes, relay messages, tab changes, deliveries and folds end where the model does', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const model = newModel()
        let state = initialAccountState({ stores: emptyStores() })
        /** Items this device published, for deliveries and tabs to refer to. */
        const sent: OutboxItem[] = []
        for (const step of events) {
          let reducerEvent: AccountEvent
          const changed = new Set<ChatStoreId>()
          let expectedPublished: { item: OutboxItem; origin: 'local' | 'tab' }[] = []
          let becameReady = false
          if (step.kind === 'write') {
            const current = model.stores.get(step.store)?.get(step.key)?.id ?? 0
            // The clock, or the millisecond after the key's change with the clock's three digits.
            const id =
              step.clock > current
                ? step.clock
                : (Math.floor(current / 1000) + 1) * 1000 + (step.clock % 1000)
            const value = { from: 'local', tag: step.tag }
            const text = JSON.stringify(value)
            modelApply(model, step.store, { key: step.key, id, deleted: step.deleted, value } as never)
            changed.add(step.store)
            const item: OutboxItem = step.deleted
              ? { store: step.store, method: 'wc_syncDel', id, key: step.key }
              : { store: step.store, method: 'wc_syncSet', id, key: step.key, value: text }
            expectedPublished = [{ item, origin: 'local' }]
            sent.push(item)
            reducerEvent = {
              type: 'write',
              store: step.store,
              clock: step.clock,
              change: step.deleted
                ? { type: 'delete', key: step.key }
                : { type: 'set', key: step.key, value, text },
            }
          } else if (step.kind === 'remote' || step.kind === 'tab') {
            for (const { store, update } of step.changes) {
              const change = {
                key: update.key,
                id: update.id,
                deleted: update.type === 'delete',
                value: update.type === 'set' ? update.value : undefined,
              }
              if (modelApply(model, store, change as never)) changed.add(store)
            }
            if (step.kind === 'remote') {
              becameReady = step.caughtUp && !model.ready
              model.ready ||= step.caughtUp
              reducerEvent = { type: 'remote', updates: updatesOf(step.changes), caughtUp: step.caughtUp }
            } else {
              const written = step.written.flatMap((index) => (sent[index] ? [sent[index]] : []))
              const once = written.filter((item, index) => written.indexOf(item) === index)
              expectedPublished = once.map((item) => ({ item, origin: 'tab' as const }))
              reducerEvent = { type: 'tab', updates: updatesOf(step.changes), written }
            }
          } else if (step.kind === 'delivered') {
            reducerEvent = { type: 'delivered', items: sent.slice(0, step.count) }
          } else {
            reducerEvent = { type: 'fold' }
          }

          const next = reduceAccount(state, reducerEvent)
          state = next.state
          for (const store of STORES) expect(reducerView(state, store)).toEqual(modelView(model, store))
          expect(state.status).toBe(model.ready ? 'ready' : 'syncing')
          expect(published(next.effects).map(({ item, origin }) => ({ item, origin }))).toEqual(
            expectedPublished,
          )
          expect(announced(next.effects)).toEqual([...changed].sort())
          expect(next.effects.filter((effect) => effect.type === 'ready')).toHaveLength(becameReady ? 1 : 0)
          // Storage hears exactly what changed: the changes applied, the writes added, the writes delivered.
          const deltas = next.effects.flatMap((effect) => (effect.type === 'persist' ? [effect.delta] : []))
          const expectedDeltas: unknown[] = []
          if (reducerEvent.type === 'write') {
            expectedDeltas.push({ added: expectedPublished.map(({ item }) => item) })
          } else if (reducerEvent.type === 'remote' || reducerEvent.type === 'tab') {
            const { updates } = reducerEvent
            if (changed.size > 0) {
              expectedDeltas.push({
                applied: Object.fromEntries([...changed].map((store) => [store, updates[store]])),
              })
            }
            if (expectedPublished.length > 0)
              expectedDeltas.push({ added: expectedPublished.map(({ item }) => item) })
          } else if (reducerEvent.type === 'delivered' && reducerEvent.items.length > 0) {
            expectedDeltas.push({ delivered: reducerEvent.items })
          }
          expect(deltas).toEqual(expectedDeltas)
          const kinds = ['changed', 'ready', 'persist', 'publish', 'applied']
          expect(next.effects.filter((effect) => !kinds.includes(effect.type))).toEqual([])
          if (reducerEvent.type === 'fold') expect(next.effects).toEqual([])
        }
      }),
      { numRuns: 200 },
    )
  })
})
