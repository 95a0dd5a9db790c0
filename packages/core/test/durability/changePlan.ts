import { payloads } from '@chatsync/test'
import { CHAT_STORE_IDS, CHAT_STORES, type ChatStore, type ChatStoreId } from '../../src/stores/catalogue.js'

/**
 * The writer's stream of changes, a pure function of the change's index so that a writer restarted after
 * a kill goes on with the same plan: about 70% sets of new keys, 15% overwrites and 15% deletes of keys
 * set a few changes earlier in the same store (so that stale and resurrected keys can show).
 */
export type PlannedChange =
  | { index: number; store: ChatStoreId; op: 'set'; key: string; value: unknown }
  | { index: number; store: ChatStoreId; op: 'delete'; key: string }

/** A fixed integer hash of `n` (xorshift-multiply), the same on every run. */
function mix(n: number) {
  let x = (n + 0x9e3779b9) | 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

/** A value of `store` for the key of seed `seed`; `revision` changes the value, never the key. */
function valueFor(store: ChatStoreId, seed: number, revision: number) {
  switch (store) {
    case 'sentInvites':
      return payloads.sentInvite(seed, { message: `revision ${revision}`, status: 'rejected' })
    case 'threads':
      return payloads.thread(seed, { symKey: payloads.thread(revision + 1_000_000).symKey })
    case 'inviteKeys':
      return payloads.inviteKeys(seed, { publicKey: payloads.inviteKeys(revision + 1_000_000).publicKey })
    case 'receivedInviteStatuses':
      return payloads.receivedInviteStatus(seed, { status: revision % 2 === 0 ? 'approved' : 'rejected' })
  }
}

const seeds = new Map<number, number>()

/** The seed of the key change `index` writes: its own index for a new key, else that of an earlier change. */
function seedOf(index: number): number {
  const known = seeds.get(index)
  if (known !== undefined) return known
  const roll = mix(index) % 100
  const back = index - 4 * (1 + (mix(index + 7_919) % 12))
  const seed = roll < 70 || back < 0 ? index : seedOf(back)
  seeds.set(index, seed)
  return seed
}

export function plannedChange(index: number): PlannedChange {
  const store = CHAT_STORE_IDS[index % CHAT_STORE_IDS.length] as ChatStoreId
  const seed = seedOf(index)
  const value = valueFor(store, seed, index)
  const key = (CHAT_STORES[store] as ChatStore).keyOf(value as never)
  if (seed !== index && mix(index) % 100 >= 85) return { index, store, op: 'delete', key }
  return { index, store, op: 'set', key, value }
}

/**
 * What the first `count` changes of the plan leave, by store and key: `true` for a key they leave set,
 * `false` for one they leave deleted (a tombstone). Each key's last change in the plan is its newest.
 */
export function plannedKeys(count: number): Record<ChatStoreId, Record<string, boolean>> {
  const keys = Object.fromEntries(CHAT_STORE_IDS.map((store) => [store, {}])) as Record<
    ChatStoreId,
    Record<string, boolean>
  >
  for (let index = 0; index < count; index++) {
    const change = plannedChange(index)
    keys[change.store][change.key] = change.op === 'set'
  }
  return keys
}
