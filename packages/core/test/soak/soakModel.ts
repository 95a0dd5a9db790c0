import { CHAT_STORE_IDS, type ChatStoreId } from '../../src/stores/catalogue.js'
import type { StoreWriteVia } from '../durability/createStoreWrites.js'
import type { DeviceState } from '../durability/deviceState.js'

/** One write a schedule made, as the engine answered it (`set`/`delete` resolved with its key and id). */
export type SoakWrite = {
  /** The schedule's number for it (also the revision in its value: every value is distinct). */
  ref: number
  device: string
  store: ChatStoreId
  key: string
  /** The key as the schedule names it (`threads#1`). */
  label: string
  op: 'set' | 'delete'
  via: StoreWriteVia
  /** The JSON-RPC id the engine gave it: its last-writer-wins clock. */
  id: number
  /** Digest of the value (`digestOf`), `null` for a delete. */
  digest: string | null
  /** Its device was SIGKILLed before its `saved` settled: it may be lost, or it may have survived. */
  cut: boolean
  /** Its `saved` settled (a hook write: its mutation resolved): it must never be lost. */
  saved: boolean
}

/** What a device shows for one key: a live value (`id:digest`), or `absent` (deleted or never set). */
type Outcome = string

export type DivergenceKind =
  /** A live value the model says was deleted (a delete undone). */
  | 'revived'
  /** Nothing live where the model has a value. */
  | 'lost'
  /** An older value than the model's. */
  | 'stale'
  /** A value no write of the schedule made. */
  | 'unknown'
  /** A value the model allows, but devices hold different ones (e.g. two writes with one id). */
  | 'disagree'

export type Divergence = { device: string; key: string; kind: DivergenceKind; expected: string; held: string }

const slotOf = (store: ChatStoreId, key: string) => `${store}/${key}`
const outcomeOf = (write: Pick<SoakWrite, 'id' | 'digest'>): Outcome =>
  write.digest === null ? 'absent' : `${write.id}:${write.digest}`

/**
 * The model: per key, the write with the highest id wins (sync-protocol §4), whichever device made it
 * and whenever it arrived. A write cut by a SIGKILL before its `saved` may or may not have survived, so
 * each key has a set of allowed outcomes: the winner among the writes that cannot be lost, or a cut write
 * with a higher id. Writes with the same id (two devices' clocks behind a third's, both bumping its id
 * by one) are not ordered by the protocol; the engine orders them by a fixed rule (`applyUpdates`), which
 * the model does not repeat (it keeps digests, not values): any of them, as long as every device holds
 * the same.
 */
export function expectedOutcomes(writes: readonly SoakWrite[]) {
  const byKey = new Map<string, SoakWrite[]>()
  for (const write of writes) {
    const slot = slotOf(write.store, write.key)
    byKey.set(slot, [...(byKey.get(slot) ?? []), write])
  }
  const expected = new Map<string, { allowed: Set<Outcome>; winners: SoakWrite[] }>()
  for (const [slot, list] of byKey) {
    const sure = list.filter((write) => !write.cut)
    const top = Math.max(0, ...sure.map((write) => write.id))
    const winners = [...sure.filter((write) => write.id === top), ...list.filter((w) => w.cut && w.id > top)]
    const allowed = new Set<Outcome>(winners.map(outcomeOf))
    if (sure.length === 0) allowed.add('absent')
    expected.set(slot, { allowed, winners })
  }
  return expected
}

/** What `state` shows for every key it holds (tombstones show as `absent`). */
function outcomesOf(state: DeviceState) {
  const out = new Map<string, Outcome>()
  for (const store of CHAT_STORE_IDS) {
    for (const [key, [id, digest]] of Object.entries(state[store]))
      out.set(slotOf(store, key), outcomeOf({ id, digest }))
  }
  return out
}

const nameOf = (write: SoakWrite) =>
  `${write.op} r${write.ref} by ${write.device} (id ${write.id}${write.cut ? ', cut by a kill' : ''})`

/** Every key where a device differs from the model, or from the others where the model allows several. */
export function findDivergences(
  writes: readonly SoakWrite[],
  devices: readonly { name: string; state: DeviceState }[],
): Divergence[] {
  const expected = expectedOutcomes(writes)
  const setBy = new Map<Outcome, SoakWrite>()
  for (const write of writes) if (write.digest !== null) setBy.set(outcomeOf(write), write)
  const describe = (outcome: Outcome) => {
    if (outcome === 'absent') return 'nothing live'
    const write = setBy.get(outcome)
    return write ? nameOf(write) : `a value no write made (${outcome})`
  }
  const labels = new Map(writes.map((write) => [slotOf(write.store, write.key), write.label]))
  const divergences: Divergence[] = []
  const firstHeld = new Map<string, Outcome>()
  for (const { name, state } of devices) {
    const held = outcomesOf(state)
    for (const slot of new Set([...expected.keys(), ...held.keys()])) {
      const key = labels.get(slot) ?? slot
      const outcome = held.get(slot) ?? 'absent'
      const { allowed, winners } = expected.get(slot) ?? { allowed: new Set(['absent']), winners: [] }
      if (allowed.has(outcome)) {
        // Several outcomes allowed (a cut write, equal ids): the first device holding one sets it for all.
        const first = firstHeld.get(slot)
        if (first === undefined) firstHeld.set(slot, outcome)
        else if (first !== outcome)
          divergences.push({
            device: name,
            key,
            kind: 'disagree',
            expected: describe(first),
            held: describe(outcome),
          })
        continue
      }
      const kind: DivergenceKind =
        outcome === 'absent'
          ? 'lost'
          : !setBy.has(outcome)
            ? 'unknown'
            : allowed.has('absent')
              ? 'revived'
              : 'stale'
      const want = winners.length > 0 ? winners.map(nameOf).join(' or ') : 'nothing (never written)'
      divergences.push({ device: name, key, kind, expected: want, held: describe(outcome) })
    }
  }
  return divergences
}
