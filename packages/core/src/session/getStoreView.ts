import type { LwwMap } from '../lww/applyUpdate.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'

/**
 * A store's live entries by key and as a list in the store's display order, and the keys with a write the
 * relay has not accepted yet.
 */
export type StoreView<S extends ChatStoreId = ChatStoreId> = {
  byKey: Readonly<Record<string, ChatStorePayloads[S]>>
  data: readonly ChatStorePayloads[S][]
  unsynced: ReadonlySet<string>
}

/** Every store's view. */
export type StoreViews = { [S in ChatStoreId]: StoreView<S> }

type Entry = [key: string, value: unknown]

const byKeyAscending = (a: Entry, b: Entry) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

/** Highest `field` first, then by key. */
const descending =
  (field: 'timestamp' | 'id') =>
  (a: Entry, b: Entry): number =>
    (b[1] as Record<typeof field, number>)[field] - (a[1] as Record<typeof field, number>)[field] ||
    byKeyAscending(a, b)

/** Sent invites newest first by `timestamp`; every list breaks ties by key so all devices agree. */
const orders: { [S in ChatStoreId]: (a: Entry, b: Entry) => number } = {
  sentInvites: descending('timestamp'),
  threads: byKeyAscending,
  inviteKeys: byKeyAscending,
  receivedInviteStatuses: descending('id'),
}

/** The view of one store's state (pure; the same `state` gives equal views). */
export function getStoreView<S extends ChatStoreId>(
  store: S,
  state: LwwMap<ChatStorePayloads[S]>,
  unsynced: ReadonlySet<string> = NONE,
): StoreView<S> {
  const entries = Object.entries(state.entries).sort(orders[store])
  return { byKey: state.entries, data: entries.map((entry) => entry[1]), unsynced }
}

const NONE: ReadonlySet<string> = new Set()
