import { InvalidStoreUpdateError } from '../../errors/lww.js'
import { applyUpdates } from '../../lww/applyUpdate.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import { type LocalChange, withId } from '../changes/localChange.js'
import { type OutboxItem, outboxItemKey } from '../changes/outboxItem.js'
import type { PersistDelta } from '../changes/persistDelta.js'
import { emptyUpdates, type StoreUpdates } from '../changes/storeUpdates.js'
import { PendingWrites } from './pendingWrites.js'

/**
 * What one account holds: its stores and the local writes not folded in yet. Never mutated: every event
 * gives a new state. (The writes the relay has not accepted yet are the outbox's: the reducer says what
 * goes into it, `publish`, and what of it to persist.)
 */
export type AccountState = {
  readonly status: 'syncing' | 'ready'
  readonly stores: ChatSyncStores
  /**
   * Local writes since the last fold, oldest first. A store is copied once per fold rather than once per
   * write, so a burst of writes costs one copy; whoever reads the stores folds first (`fold` event).
   */
  readonly pending: PendingWrites
}

/** Local writes folded in at once beyond this many: bounds the memory a burst holds twice. */
const PENDING_LIMIT = 4096

export type AccountEvent =
  /** A write on this device. `clock` is a fresh time-based id; the write's id is at least that. */
  | { type: 'write'; store: ChatStoreId; change: LocalChange; clock: number }
  /** Decoded messages from the relay; `caughtUp` once the history up to now is in. */
  | { type: 'remote'; updates: StoreUpdates; caughtUp: boolean }
  /** Changes another tab of this device applied, and its writes still to deliver. */
  | { type: 'tab'; updates: StoreUpdates; written: readonly OutboxItem[] }
  /** The relay accepted these writes (the outbox no longer holds them). */
  | { type: 'delivered'; items: readonly OutboxItem[] }
  /** Fold the pending local writes into the stores (before reading or persisting them). */
  | { type: 'fold' }

export type AccountEffect =
  /** Stores whose state changed (empty when only the status did): listeners hear it. */
  | { type: 'changed'; stores: readonly ChatStoreId[]; source: 'local' | 'remote' }
  /** The account caught up with the relay for the first time. */
  | { type: 'ready' }
  /** The state to persist changed, by `delta`. */
  | { type: 'persist'; delta: PersistDelta }
  /** A write to publish: made here (`local`, other tabs are told), or taken over from another tab. */
  | { type: 'publish'; item: OutboxItem; origin: 'local' | 'tab' }
  /** Changes from the relay that changed the stores (other tabs are told). */
  | { type: 'applied'; updates: Partial<StoreUpdates> }

export type AccountTransition = { state: AccountState; effects: AccountEffect[] }

/** The state an account starts from: what was restored (or nothing), still catching up. */
export function initialAccountState({ stores }: { stores: ChatSyncStores }): AccountState {
  return { status: 'syncing', stores, pending: PendingWrites.empty }
}

/**
 * The account's rules in one pure function: last writer wins per key (`applyUpdates`), a local write's
 * id beats whatever this device has for its key, what to publish (a write made here, or one another tab
 * still had to deliver), and what storage must record (`persist`, with the change). No I/O: the
 * caller runs the effects.
 */
export function reduceAccount(state: AccountState, event: AccountEvent): AccountTransition {
  switch (event.type) {
    case 'write':
      return write(state, event)
    case 'remote':
      return applyRemote(fold(state), event.updates, event.caughtUp, [])
    case 'tab': {
      const adopted = unique(event.written)
      const next = applyRemote(fold(state), event.updates, false, adopted, false)
      return adopted.length > 0
        ? { ...next, effects: [...next.effects, { type: 'persist', delta: { added: adopted } }] }
        : next
    }
    case 'delivered':
      return event.items.length > 0
        ? { state, effects: [{ type: 'persist', delta: { delivered: event.items } }] }
        : { state, effects: [] }
    case 'fold':
      return { state: fold(state), effects: [] }
  }
}

/** The id of the change `key` holds in `state`, pending writes included (0 when none). */
export function idOf(state: AccountState, store: ChatStoreId, key: string): number {
  return state.pending.idOf(store, key) ?? state.stores[store].ids[key] ?? 0
}

/**
 * The id of a local write to a key whose current change has id `known`: the fresh `clock`, or if that
 * does not beat `known` (another device's clock is ahead: the write would lose on every device, this one
 * included), the millisecond after `known`'s with the clock's three random digits. Two devices bumping
 * the same change then rarely share an id, as two fresh ids rarely do (when they do, `applyUpdates`
 * orders the two changes alike everywhere).
 */
export function writeId(clock: number, known: number): number {
  if (clock > known) return clock
  const bumped = (Math.floor(known / 1000) + 1) * 1000 + (clock % 1000)
  // Within the last millisecond of safe ids (a clock centuries ahead wrote `known`), the next id.
  return Number.isSafeInteger(bumped) ? bumped : known + 1
}

/** `state` with its pending local writes folded in (the same object when there are none). */
export function fold(state: AccountState): AccountState {
  if (state.pending.size === 0) return state
  const updates = emptyUpdates()
  for (const { store, update } of state.pending) updates[store].push(update)
  return { ...state, stores: applyAll(state.stores, updates), pending: PendingWrites.empty }
}

function applyAll(stores: ChatSyncStores, updates: Partial<StoreUpdates>): ChatSyncStores {
  let next: Record<ChatStoreId, unknown> | undefined
  for (const store of CHAT_STORE_IDS) {
    const list = updates[store]
    if (!list || list.length === 0) continue
    const applied = applyUpdates(stores[store], list)
    if (applied === stores[store]) continue
    next ??= { ...stores }
    next[store] = applied
  }
  return (next as ChatSyncStores | undefined) ?? stores
}

function write(current: AccountState, { store, change, clock }: Extract<AccountEvent, { type: 'write' }>) {
  const state = current.pending.size >= PENDING_LIMIT ? fold(current) : current
  const known = idOf(state, store, change.key)
  const id = writeId(clock, known)
  // Refused before anything changes: an unsafe id would make every fold of this account throw.
  if (!Number.isSafeInteger(id))
    throw new InvalidStoreUpdateError({
      problem: `no id is left above ${known}, the id of this key's last change (written by a device whose clock was far ahead), so no write can replace it`,
    })
  const { update, item } = withId(store, change, id)
  return {
    state: { ...state, pending: state.pending.append({ store, update }) },
    effects: [
      { type: 'changed', stores: [store], source: 'local' },
      { type: 'publish', item, origin: 'local' },
      // The item is the change too: storage applies what it adds to the outbox.
      { type: 'persist', delta: { added: [item] } },
    ] satisfies AccountEffect[],
  }
}

/** Remote changes (relay or tab) into folded `state`, with the writes taken over from a tab. */
function applyRemote(
  state: AccountState,
  updates: StoreUpdates,
  caughtUp: boolean,
  adopted: readonly OutboxItem[],
  fromRelay = true,
): AccountTransition {
  const stores = applyAll(state.stores, updates)
  const changed = CHAT_STORE_IDS.filter((store) => stores[store] !== state.stores[store])
  const becameReady = caughtUp && state.status !== 'ready'
  const effects: AccountEffect[] = []
  if (changed.length > 0) {
    const applied: Partial<StoreUpdates> = {}
    for (const store of changed) applied[store] = updates[store]
    effects.push({ type: 'persist', delta: { applied } })
    if (fromRelay) effects.push({ type: 'applied', updates: applied })
  }
  for (const item of adopted) effects.push({ type: 'publish', item, origin: 'tab' })
  if (changed.length > 0 || becameReady) effects.push({ type: 'changed', stores: changed, source: 'remote' })
  if (becameReady) effects.push({ type: 'ready' })
  if (changed.length === 0 && !becameReady && adopted.length === 0) return { state, effects }
  return {
    state: { ...state, stores, status: becameReady ? 'ready' : state.status },
    effects,
  }
}

/** `incoming` with each change once. */
function unique(incoming: readonly OutboxItem[]): OutboxItem[] {
  const seen = new Set<string>()
  return incoming.filter((item) => {
    const key = outboxItemKey(item)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
