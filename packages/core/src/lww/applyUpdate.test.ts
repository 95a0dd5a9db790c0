import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { InvalidStoreUpdateError } from '../errors/lww.js'
import {
  applyUpdate,
  applyUpdates,
  emptyLwwMap,
  type LwwMap,
  type StoreUpdate,
  supersedes,
} from './applyUpdate.js'

type Value = { writer: number; n: number }

const set = (id: number, key: string, value: Value): StoreUpdate<Value> => ({ type: 'set', id, key, value })
const del = (id: number, key: string): StoreUpdate<Value> => ({ type: 'delete', id, key })

/** Order-free view of a state, for comparisons. */
function view<T>(state: LwwMap<T>) {
  const sorted = <V>(record: Readonly<Record<string, V>>) =>
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]] as const)
  return { entries: sorted(state.entries), ids: sorted(state.ids) }
}

/** The model's rank of a change among those with its id: a delete lowest, then sets by sorted JSON text. */
const rank = (update: StoreUpdate<Value>) =>
  update.type === 'delete' ? '' : `set ${JSON.stringify(update.value, Object.keys(update.value).sort())}`

/**
 * Reference model: per key, the change with the highest id decides; among different changes with one id,
 * the highest rank.
 */
function model(updates: readonly StoreUpdate<Value>[]) {
  const best = new Map<string, StoreUpdate<Value>>()
  for (const update of updates) {
    const current = best.get(update.key)
    if (!current || update.id > current.id || (update.id === current.id && rank(update) > rank(current)))
      best.set(update.key, update)
  }
  const entries: Record<string, Value> = Object.create(null)
  const ids: Record<string, number> = Object.create(null)
  for (const [key, update] of best) {
    ids[key] = update.id
    if (update.type === 'set') entries[key] = update.value
  }
  return view({ entries, ids })
}

const keys = ['a', 'b', 'c', '__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']

/**
 * Distinct changes from several writers (ids are unique per distinct change, as time-based ids are),
 * then duplicated and shuffled: every permutation of a multiset of changes.
 */
const changes = fc
  .uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 0, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          key: fc.constantFrom(...keys),
          isDelete: fc.boolean(),
          writer: fc.integer({ min: 0, max: 3 }),
        }),
      ),
    ),
  )
  .map((drafts) =>
    drafts.map(({ id, key, isDelete, writer }) =>
      isDelete ? del(id, key) : set(id, key, { writer, n: id % 97 }),
    ),
  )
const multiset = changes.chain((distinct) =>
  fc
    .array(fc.nat({ max: Math.max(0, distinct.length - 1) }), { maxLength: distinct.length === 0 ? 0 : 20 })
    .map((dupes) => [...distinct, ...dupes.map((i) => distinct[i] as StoreUpdate<Value>)]),
)
/**
 * Changes whose ids clash: few ids, keys and values, so one id often carries different changes to one
 * key (a set and a delete, two values) as well as the same change twice.
 */
const clashing = fc.array(
  fc
    .record({
      id: fc.integer({ min: 1, max: 5 }),
      key: fc.constantFrom('a', 'b', '__proto__'),
      isDelete: fc.boolean(),
      writer: fc.integer({ min: 0, max: 2 }),
      n: fc.integer({ min: 0, max: 2 }),
    })
    .map(({ id, key, isDelete, writer, n }) => (isDelete ? del(id, key) : set(id, key, { writer, n }))),
  { maxLength: 30 },
)
const twoPermutations = multiset.chain((all) =>
  fc.tuple(
    fc.shuffledSubarray(all, { minLength: all.length }),
    fc.shuffledSubarray(all, { minLength: all.length }),
  ),
)

describe('applyUpdate', () => {
  test('default: set, newer set, delete, stale set', () => {
    let state = emptyLwwMap<Value>()
    state = applyUpdate(state, set(10, 'a', { writer: 1, n: 1 }))
    expect(view(state)).toEqual({ entries: [['a', { writer: 1, n: 1 }]], ids: [['a', 10]] })
    state = applyUpdate(state, set(20, 'a', { writer: 2, n: 2 }))
    expect(state.entries.a).toEqual({ writer: 2, n: 2 })
    state = applyUpdate(state, del(30, 'a'))
    expect(view(state)).toEqual({ entries: [], ids: [['a', 30]] })
    const tomb = state
    expect(applyUpdate(tomb, set(25, 'a', { writer: 3, n: 3 }))).toBe(tomb)
    expect(view(applyUpdate(tomb, set(31, 'a', { writer: 3, n: 3 })))).toEqual({
      entries: [['a', { writer: 3, n: 3 }]],
      ids: [['a', 31]],
    })
  })

  test('behavior: the same change again and older changes return the same reference', () => {
    const state = applyUpdate(emptyLwwMap<Value>(), set(10, 'a', { writer: 1, n: 1 }))
    expect(applyUpdate(state, set(10, 'a', { writer: 1, n: 1 }))).toBe(state)
    expect(applyUpdate(state, set(10, 'a', { n: 1, writer: 1 }))).toBe(state)
    expect(applyUpdate(state, del(9, 'a'))).toBe(state)
    expect(applyUpdates(state, [del(9, 'a'), set(9, 'a', { writer: 9, n: 9 })])).toBe(state)
    expect(applyUpdates(state, [])).toBe(state)
    const tomb = applyUpdate(state, del(11, 'a'))
    expect(applyUpdate(tomb, del(11, 'a'))).toBe(tomb)
  })

  test('behavior: two different changes with one id end the same in either order', () => {
    const both = (first: StoreUpdate<unknown>, second: StoreUpdate<unknown>) => {
      const one = applyUpdates(emptyLwwMap<unknown>(), [first, second])
      const other = applyUpdates(emptyLwwMap<unknown>(), [second, first])
      expect(view(one)).toEqual(view(other))
      return view(one)
    }
    // A set beats a delete (the lost write of two devices bumping one id is the delete).
    const setOverDelete = both(
      { type: 'delete', id: 7, key: 'a' },
      { type: 'set', id: 7, key: 'a', value: 1 },
    )
    expect(setOverDelete).toEqual({ entries: [['a', 1]], ids: [['a', 7]] })
    // Of two sets, the greater canonical JSON text, whatever the order of the keys in either value.
    expect(
      both(
        { type: 'set', id: 7, key: 'a', value: { b: 1, a: { y: 2, x: [1] } } },
        { type: 'set', id: 7, key: 'a', value: { a: { x: [2], y: 1 }, b: 0 } },
      ).entries,
    ).toEqual([['a', { a: { x: [2], y: 1 }, b: 0 }]])
    expect(
      both({ type: 'set', id: 7, key: 'a', value: 'b' }, { type: 'set', id: 7, key: 'a', value: 'a' }),
    ).toEqual({
      entries: [['a', 'b']],
      ids: [['a', 7]],
    })
    // An equal value built in another key order is the same change: nothing changes.
    const held = applyUpdate(emptyLwwMap<unknown>(), {
      type: 'set',
      id: 7,
      key: 'a',
      value: { x: 1, y: [{ p: 1, q: 2 }] },
    })
    expect(applyUpdate(held, { type: 'set', id: 7, key: 'a', value: { y: [{ q: 2, p: 1 }], x: 1 } })).toBe(
      held,
    )
    // A greater id still beats a tie's winner, and a tie never undoes a newer change.
    expect(
      view(
        applyUpdates(held, [
          { type: 'delete', id: 8, key: 'a' },
          { type: 'set', id: 7, key: 'a', value: 'z' },
        ]),
      ),
    ).toEqual({
      entries: [],
      ids: [['a', 8]],
    })
  })

  test.each([
    ['an array and an object with its indexes', [1], { 0: 1 }],
    ['an object with one key more', { a: 1 }, { a: 1, b: 2 }],
    ['objects with other keys', { a: 1, b: 2 }, { a: 1, c: 2 }],
    ['nested arrays', { a: { b: [1, 2] } }, { a: { b: [1, 3] } }],
    ['arrays in another order', [1, 2], [2, 1]],
    ['null and an empty object', null, {}],
    ['a string and a number', '1', 1],
  ])('behavior: two sets with one id and values that differ (%s) end the same in either order', (_, x, y) => {
    const one = applyUpdates(emptyLwwMap<unknown>(), [
      { type: 'set', id: 7, key: 'k', value: x },
      { type: 'set', id: 7, key: 'k', value: y },
    ])
    const other = applyUpdates(emptyLwwMap<unknown>(), [
      { type: 'set', id: 7, key: 'k', value: y },
      { type: 'set', id: 7, key: 'k', value: x },
    ])
    expect(one.entries.k).toBe(other.entries.k)
    // The greater JSON text (keys sorted) wins.
    const text = (value: unknown) =>
      JSON.stringify(value, (_, v) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v,
      )
    expect(one.entries.k).toBe(text(x) > text(y) ? x : y)
  })

  test('behavior: a field left undefined in the writer’s value ranks as on the devices that parse its JSON', () => {
    // The writer applies the value it was given (a field may be present and undefined); every other
    // device applies that value's JSON, which has no such field. Both must pick the same winner.
    const mine = { a: undefined, b: 3 }
    const sent = JSON.parse(JSON.stringify(mine)) as unknown
    const theirs = { b: 2 }
    for (const value of [mine, sent]) {
      for (const order of [
        [value, theirs],
        [theirs, value],
      ]) {
        const folded = applyUpdates(
          emptyLwwMap<unknown>(),
          order.map((v) => ({ type: 'set' as const, id: 7, key: 'k', value: v })),
        )
        expect(folded.entries.k).toEqual(sent)
      }
    }
  })

  test('behavior: any permutation of changes whose ids clash folds to the reference model', () => {
    fc.assert(
      fc.property(
        clashing.chain((all) =>
          fc.tuple(
            fc.constant(all),
            fc.shuffledSubarray(all, { minLength: all.length }),
            fc.nat({ max: all.length }),
          ),
        ),
        ([one, two, cut]) => {
          const expected = model(one)
          const folded = applyUpdates(emptyLwwMap<Value>(), one)
          expect(view(folded)).toEqual(expected)
          // Any order, in two batches or one by one: the same state.
          const halves = applyUpdates(applyUpdates(emptyLwwMap<Value>(), two.slice(0, cut)), two.slice(cut))
          expect(view(halves)).toEqual(expected)
          let sequential = emptyLwwMap<Value>()
          for (const update of two) {
            const next = applyUpdate(sequential, update)
            // `supersedes` says beforehand whether a change applies.
            expect(supersedes(sequential, update)).toBe(next !== sequential)
            sequential = next
          }
          expect(view(sequential)).toEqual(expected)
          expect(applyUpdates(folded, two)).toBe(folded)
        },
      ),
      { numRuns: 500 },
    )
  })

  test('behavior: a delete of an unknown key leaves a tombstone', () => {
    const state = applyUpdate(emptyLwwMap<Value>(), del(50, 'x'))
    expect(view(state)).toEqual({ entries: [], ids: [['x', 50]] })
    expect(applyUpdate(state, set(40, 'x', { writer: 1, n: 1 }))).toBe(state)
  })

  test('behavior: an older change to A after a newer change to B still applies', () => {
    let state = emptyLwwMap<Value>()
    state = applyUpdate(state, set(200, 'b', { writer: 1, n: 1 }))
    state = applyUpdate(state, set(100, 'a', { writer: 2, n: 2 }))
    expect(view(state).entries).toEqual([
      ['a', { writer: 2, n: 2 }],
      ['b', { writer: 1, n: 1 }],
    ])
    // ...and an older delete of B is ignored, while one of A still applies.
    state = applyUpdates(state, [del(150, 'b'), del(120, 'a')])
    expect(view(state)).toEqual({
      entries: [['b', { writer: 1, n: 1 }]],
      ids: [
        ['a', 120],
        ['b', 200],
      ],
    })
  })

  test('behavior: prototype keys are ordinary keys', () => {
    let state = emptyLwwMap<Value>()
    for (const [i, key] of ['__proto__', 'constructor', 'hasOwnProperty', 'toString'].entries()) {
      state = applyUpdate(state, set(i + 1, key, { writer: 0, n: i }))
    }
    expect(Object.getPrototypeOf(state.entries)).toBeNull()
    expect(Object.getPrototypeOf(state.ids)).toBeNull()
    expect(Object.keys(state.entries)).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])
    const proto = '__proto__'
    expect(state.entries[proto]).toEqual({ writer: 0, n: 0 })
    expect(({} as Record<string, unknown>).writer).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('writer')
    // A first change to "constructor" applies even on a state with ordinary-prototype records.
    const plain = { entries: {}, ids: {} } as LwwMap<Value>
    const next = applyUpdate(plain, set(1, 'constructor', { writer: 1, n: 1 }))
    expect(next.entries.constructor).toEqual({ writer: 1, n: 1 })
    expect(applyUpdates(plain, [del(1, 'hasOwnProperty')]).ids.hasOwnProperty).toBe(1)
  })

  test('behavior: never mutates its input', () => {
    fc.assert(
      fc.property(multiset, multiset, (first, second) => {
        const base = applyUpdates(emptyLwwMap<Value>(), first)
        const before = structuredClone(view(base))
        applyUpdates(base, second)
        for (const update of second) applyUpdate(base, update)
        expect(view(base)).toEqual(before)
      }),
      { numRuns: 100 },
    )
  })

  test('behavior: any permutation of any multiset of changes folds to the reference model', () => {
    fc.assert(
      fc.property(twoPermutations, ([one, two]) => {
        const expected = model(one)
        const folded = applyUpdates(emptyLwwMap<Value>(), one)
        expect(view(folded)).toEqual(expected)
        expect(view(applyUpdates(emptyLwwMap<Value>(), two))).toEqual(expected)
        // Folding twice (every change delivered again) changes nothing.
        expect(applyUpdates(folded, two)).toBe(folded)
      }),
      { numRuns: 300 },
    )
  })

  test('behavior: applyUpdates equals applyUpdate one by one, from any starting state', () => {
    fc.assert(
      fc.property(multiset, multiset, (first, second) => {
        const start = applyUpdates(emptyLwwMap<Value>(), first)
        let sequential = start
        for (const update of second) sequential = applyUpdate(sequential, update)
        const batched = applyUpdates(start, second)
        expect(view(batched)).toEqual(view(sequential))
        expect(batched === start).toBe(sequential === start)
      }),
      { numRuns: 200 },
    )
  })

  test.each([
    ['null', null],
    ['unknown type', { type: 'upsert', id: 1, key: 'a' }],
    ['id 0', { type: 'set', id: 0, key: 'a', value: 1 }],
    ['NaN id', { type: 'delete', id: Number.NaN, key: 'a' }],
    ['fractional id', { type: 'delete', id: 1.5, key: 'a' }],
    ['string id', { type: 'delete', id: '5', key: 'a' }],
    ['numeric key', { type: 'delete', id: 5, key: 5 }],
  ])('parameters: %s → InvalidStoreUpdateError, state untouched', (_, update) => {
    const state = applyUpdate(emptyLwwMap<Value>(), set(10, 'a', { writer: 1, n: 1 }))
    const before = view(state)
    expect(() => applyUpdate(state, update as StoreUpdate<Value>)).toThrow(InvalidStoreUpdateError)
    expect(() =>
      applyUpdates(state, [set(11, 'b', { writer: 1, n: 2 }), update as StoreUpdate<Value>]),
    ).toThrow(InvalidStoreUpdateError)
    expect(view(state)).toEqual(before)
  })

  test('parameters: the error says what a store update must be', () => {
    expect(() => applyUpdate(emptyLwwMap(), null as never)).toThrowError(
      expect.objectContaining({
        shortMessage:
          'Invalid store update: expected { type: "set" | "delete", id: positive safe integer, key: string }.',
      }),
    )
  })

  test('behavior: between two sets with one id, the greater JSON text wins with keys sorted, not in the order written', () => {
    // Written in this order, the first text is greater ("b" > "a"); sorted, the second is.
    const held = { b: '0', a: '0' }
    const incoming = { a: '1', b: '0' }
    const state = applyUpdates(emptyLwwMap<unknown>(), [{ type: 'set', id: 7, key: 'k', value: held }])
    const update = { type: 'set' as const, id: 7, key: 'k', value: incoming }
    expect(supersedes(state, update)).toBe(true)
    expect(applyUpdates(state, [update]).entries.k).toEqual(incoming)
    const other = applyUpdates(emptyLwwMap<unknown>(), [update])
    expect(supersedes(other, { type: 'set', id: 7, key: 'k', value: held })).toBe(false)
    // Nested records and lists too.
    const nested = applyUpdates(emptyLwwMap<unknown>(), [
      { type: 'set', id: 8, key: 'n', value: { x: [{ b: '0', a: '0' }] } },
    ])
    expect(supersedes(nested, { type: 'set', id: 8, key: 'n', value: { x: [{ a: '1', b: '0' }] } })).toBe(
      true,
    )
  })
})
