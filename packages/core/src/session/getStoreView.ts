import type { StoreState } from '../lww/applyUpdate.js'
import type { ChatStoreId, ChatStorePayloads } from '../stores/catalogue.js'

/** A store's live entries by key, and as a list in the store's display order. */
export type StoreView<S extends ChatStoreId = ChatStoreId> = {
  byKey: Readonly<Record<string, ChatStorePayloads[S]>>
  data: readonly ChatStorePayloads[S][]
}

type Entry = [key: string, value: unknown]

const byKeyAscending = (a: Entry, b: Entry) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

/** Sent invites newest first by `timestamp`; every list breaks ties by key so all devices agree. */
const orders: { [S in ChatStoreId]: (a: Entry, b: Entry) => number } = {
  sentInvites: (a, b) =>
    (b[1] as ChatStorePayloads['sentInvites']).timestamp -
      (a[1] as ChatStorePayloads['sentInvites']).timestamp || byKeyAscending(a, b),
  threads: byKeyAscending,
  inviteKeys: byKeyAscending,
  receivedInviteStatuses: (a, b) =>
    (b[1] as ChatStorePayloads['receivedInviteStatuses']).id -
      (a[1] as ChatStorePayloads['receivedInviteStatuses']).id || byKeyAscending(a, b),
}

/** The view of one store's state (pure; the same `state` gives equal views). */
export function getStoreView<S extends ChatStoreId>(
  store: S,
  state: StoreState<ChatStorePayloads[S]>,
): StoreView<S> {
  const entries = Object.entries(state.entries).sort(orders[store])
  return { byKey: state.entries, data: entries.map((entry) => entry[1]) }
}
