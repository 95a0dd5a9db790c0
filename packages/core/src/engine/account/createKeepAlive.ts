import { isRecord } from '../../isRecord.js'
import { updateOf } from '../../lww/updateOf.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import { toOutboxItem } from '../changes/toOutboxItem.js'
import type { Retention } from '../retention.js'

/** One decoded message: which entry, which change, and when the relay says it was published (ms). */
export type SeenCopy = { store: ChatStoreId; key: string; id: number; at: number | undefined }

export type KeepAlive = {
  /** Copies seen on the relay (including duplicates of changes already applied), after they were applied. */
  observe(seen: readonly SeenCopy[]): void
  /** The relay accepted these items (written here, or refreshed): their copy is fresh. */
  delivered(items: readonly OutboxItem[]): void
  /** When the newest relay copy of the entry's current change was published, as far as this device knows. */
  copyAt(store: ChatStoreId, key: string): number | undefined
  /** What to persist with a snapshot (JSON text). */
  serialize(): string
  /** Starts looking for entries to refresh (once the account is caught up). */
  start(): void
  stop(): void
  /** The entries to publish again now (at most `limit`), oldest copy first; they count as in flight. */
  due(now: number, limit: number): OutboxItem[]
  /** When the next refresh falls due (ms since the epoch) as of the last check; `undefined` before one. */
  readonly nextDue: number | undefined
}

export type CreateKeepAliveParameters = {
  retention: Retention
  /** What was persisted (`serialize()` of an earlier run). */
  persisted: string | undefined
  /** The account's stores as they are now (folded: for a refresh round). */
  stores(): ChatSyncStores
  /** The id of the change `key` holds now (cheap: no fold), 0 when none. */
  idOf(store: ChatStoreId, key: string): number
  /** Publishes refreshes (the outbox, which retries them; they are not persisted). */
  publish(items: readonly OutboxItem[]): void
  /** The copies changed enough that the next write should persist them. */
  onChanged(): void
}

/** The time a change was made: its id is milliseconds since the epoch times 1,000 plus 3 digits. */
const idTime = (id: number) => Math.floor(id / 1000)

const slot = (store: ChatStoreId, key: string) => `${store}\u0000${key}`

/** FNV-1a of `text`, mixed with `seed`: a stable number in [0, 1) per device and entry. */
function spread(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) / 0x1_0000_0000
}

/**
 * Keeps every entry alive on the relay past its ttl: the relay forgets a message after the ttl, and a
 * device added later could not see an entry nobody touched since. For each entry (and each tombstone
 * within `tombstoneMs` of its delete: by default all of them), this device knows when the newest copy of its current
 * change reached the relay (any device's: the relay says when a message was published), and once that
 * copy is `refreshAfter` plus a per-device jitter old, it publishes the same change again, with its
 * original id: last writer wins is unaffected, and every client sees a duplicate. A refresh another
 * device made first is seen like any message and postpones this device's own, so devices online together
 * share the work. An entry whose copy time is unknown counts from when its change was made, so a device
 * back from a long time offline refreshes what it holds.
 */
export function createKeepAlive(parameters: CreateKeepAliveParameters): KeepAlive {
  const { retention, stores, idOf, publish, onChanged } = parameters
  const copies = new Map<string, number>()
  const inFlight = new Set<string>()
  const seed = Math.floor(Math.random() * 0x7fffffff)
  let timer: ReturnType<typeof setInterval> | undefined
  let nextDue: number | undefined

  const persisted = parameters.persisted ? parseCopies(parameters.persisted) : undefined
  if (persisted) for (const [key, at] of persisted) copies.set(key, at)

  function record(key: string, id: number, at: number) {
    const before = copies.get(key)
    if (before !== undefined && before >= at) return
    copies.set(key, at)
    // What a restart would assume otherwise is the copy persisted, or else the time the change was made.
    // A copy much newer than that (a refresh, an old change seen again) is persisted with the next
    // snapshot, so that a restart does not refresh it again; so is a copy older than the change's time by
    // more than a slack (a writer whose clock was ahead, an id not made of a time), so that a restart does
    // not refresh it late. The copy of a change just made is as old as the change: nothing to save.
    if (before !== undefined) {
      if (at - before > retention.refreshAfterMs / 2) onChanged()
    } else if (Math.abs(at - idTime(id)) > Math.min(retention.refreshAfterMs / 2, retention.jitterMs / 4)) {
      onChanged()
    }
  }

  function due(now: number, limit: number): OutboxItem[] {
    const current = stores()
    const found: { item: OutboxItem; at: number }[] = []
    let next: number | undefined
    for (const store of CHAT_STORE_IDS) {
      const { entries, ids } = current[store]
      for (const key in ids) {
        const id = ids[key] as number
        const isSet = Object.hasOwn(entries, key)
        if (!isSet && now > idTime(id) + retention.tombstoneMs) continue
        const name = slot(store, key)
        if (inFlight.has(name)) continue
        const at = copies.get(name) ?? idTime(id)
        const when = at + retention.refreshAfterMs + spread(name, seed) * retention.jitterMs
        if (when > now) {
          next = next === undefined ? when : Math.min(next, when)
          continue
        }
        found.push({ item: toOutboxItem(store, updateOf<unknown>(current[store], key)), at })
      }
    }
    found.sort((a, b) => a.at - b.at)
    const chosen = found.slice(0, limit).map(({ item }) => item)
    for (const item of chosen) inFlight.add(slot(item.store, item.key))
    nextDue = found.length > limit ? now : next
    return chosen
  }

  return {
    observe(seen) {
      const now = Date.now()
      for (const { store, key, id, at } of seen) {
        // Only a copy of the change the entry holds now keeps it alive.
        if (idOf(store, key) !== id) continue
        record(slot(store, key), id, Math.min(at ?? now, now))
      }
    },
    delivered(items) {
      const now = Date.now()
      for (const item of items) {
        const name = slot(item.store, item.key)
        inFlight.delete(name)
        if (idOf(item.store, item.key) === item.id) record(name, item.id, now)
      }
    },
    copyAt: (store, key) => copies.get(slot(store, key)),
    serialize() {
      const out: Record<string, Record<string, number>> = {}
      for (const [name, at] of copies) {
        const [store, key] = name.split('\u0000') as [string, string]
        out[store] ??= Object.create(null)
        ;(out[store] as Record<string, number>)[key] = at
      }
      return JSON.stringify(out)
    },
    start() {
      if (timer) return
      const tick = () => {
        const items = due(Date.now(), REFRESHES_PER_CHECK)
        if (items.length > 0) publish(items)
      }
      timer = setInterval(tick, retention.checkEveryMs)
      ;(timer as { unref?: () => void }).unref?.()
      tick()
    },
    stop() {
      clearInterval(timer)
      timer = undefined
    },
    due,
    get nextDue() {
      return nextDue
    },
  }
}

/** Refreshes published per check at most: a device back from long offline paces what it sends. */
const REFRESHES_PER_CHECK = 500

function parseCopies(text: string): Map<string, number> | undefined {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(raw)) return undefined
  const out = new Map<string, number>()
  for (const store of CHAT_STORE_IDS) {
    const times = raw[store]
    if (!isRecord(times)) continue
    for (const [key, at] of Object.entries(times)) {
      if (typeof at === 'number' && Number.isFinite(at)) out.set(slot(store, key), at)
    }
  }
  return out
}
