import { createHash } from 'node:crypto'
import type { ChatSyncClient } from '../../src/engine/types.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../src/stores/catalogue.js'

/**
 * What a device holds, store → key → [last-writer-wins id, digest of the value or `null` for a
 * tombstone]. Tombstones count: a delete is a change like a set.
 */
export type DeviceState = Record<ChatStoreId, Record<string, [id: number, digest: string | null]>>

export const emptyState = (): DeviceState =>
  Object.fromEntries(CHAT_STORE_IDS.map((id) => [id, {}])) as unknown as DeviceState

const digest = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)

export function stateOf(client: ChatSyncClient, account: string): DeviceState {
  const { stores } = client.getSnapshot({ account })
  const state = emptyState()
  for (const store of CHAT_STORE_IDS) {
    const { entries, ids } = stores[store]
    for (const key of Object.keys(ids)) {
      state[store][key] = [ids[key] as number, Object.hasOwn(entries, key) ? digest(entries[key]) : null]
    }
  }
  return state
}

/** A write a writer reported as confirmed: `null` digest for a delete. */
export type ConfirmedWrite = { store: ChatStoreId; key: string; id: number; digest: string | null }

export const digestOf = (value: unknown | undefined) => (value === undefined ? null : digest(value))

/**
 * Everything any device holds or any writer confirmed, folded by the engine's own rule (per key, the
 * highest id wins): the only writer is the writer process, so every change in here was made and must be
 * on every device.
 */
export function truthOf(states: readonly DeviceState[], confirmed: readonly ConfirmedWrite[] = []) {
  const truth = emptyState()
  const conflicts: string[] = []
  const fold = (store: ChatStoreId, key: string, id: number, value: string | null) => {
    const current = truth[store][key]
    if (!current || id > current[0]) truth[store][key] = [id, value]
    else if (id === current[0] && value !== current[1]) conflicts.push(`${store}/${key}@${id}`)
  }
  for (const state of states)
    for (const store of CHAT_STORE_IDS)
      for (const [key, [id, value]] of Object.entries(state[store])) fold(store, key, id, value)
  for (const write of confirmed) fold(write.store, write.key, write.id, write.digest)
  return { truth, conflicts }
}

export type StateDiff = {
  /** Keys the truth has (set or deleted) and the device has no trace of. */
  lost: string[]
  /** Keys the device holds at an older id than the truth. */
  stale: string[]
  /** Same id, other value: should never happen. */
  diverged: string[]
  /** Keys in the truth. */
  total: number
}

export function diffState(device: DeviceState, truth: DeviceState): StateDiff {
  const diff: StateDiff = { lost: [], stale: [], diverged: [], total: 0 }
  for (const store of CHAT_STORE_IDS) {
    for (const [key, [id, value]] of Object.entries(truth[store])) {
      diff.total++
      const held = device[store][key]
      const name = `${store}/${key}`
      if (!held) diff.lost.push(name)
      else if (held[0] < id) diff.stale.push(name)
      else if (held[1] !== value) diff.diverged.push(name)
    }
  }
  return diff
}

export const keyCount = (state: DeviceState) =>
  CHAT_STORE_IDS.reduce((sum, store) => sum + Object.keys(state[store]).length, 0)
