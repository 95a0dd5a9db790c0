import { isRecord } from '../../isRecord.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { relayRequest } from './relayRequest.js'

export type HistoryMessage = { topic: string; message: string }

type FetchResult = { messages: HistoryMessage[]; hasMore: boolean }

function readPage(result: unknown): FetchResult {
  const { messages, hasMore } = isRecord(result) ? result : {}
  return {
    messages: Array.isArray(messages)
      ? messages.filter(
          (item): item is HistoryMessage =>
            isRecord(item) && typeof item.topic === 'string' && typeof item.message === 'string',
        )
      : [],
    hasMore: hasMore === true,
  }
}

/** Page requests kept in flight while a page is decoded. */
const PREFETCH = 2

/**
 * Fetches the relay's stored messages of `topics` with `irn_batchFetchMessages`, page after page until
 * `hasMore` is false, handing each page to `onPage` (awaited). Messages fetched this way bypass the core's
 * relayer pipeline, whose message tracker costs a storage write per message.
 *
 * The relay hands each client every stored message once, so requests sent before the previous page was
 * decoded each get the next page: while one page is decoded, the relay prepares the next ones. Every
 * answer is handed over, even one that arrives after a page said `hasMore: false` (what it holds counts
 * as delivered, and later messages could be lost otherwise).
 */
export async function fetchHistory(
  core: ChatSyncCore,
  topics: readonly string[],
  onPage: (messages: HistoryMessage[]) => Promise<void>,
): Promise<void> {
  const inFlight: Promise<FetchResult>[] = []
  const request = () => {
    const page = relayRequest(core, 'irn_batchFetchMessages', { topics: [...topics] }).then(readPage)
    // If onPage or an earlier page throws, requests in flight must not become unhandled rejections.
    page.catch(() => {})
    inFlight.push(page)
  }
  request()
  for (let page = inFlight.shift(); page; page = inFlight.shift()) {
    const { messages, hasMore } = await page
    // A page without messages that claims more would loop forever on a misbehaving relay.
    if (hasMore && messages.length > 0) while (inFlight.length < PREFETCH) request()
    await onPage(messages)
  }
}
