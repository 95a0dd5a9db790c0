import { isRecord } from '../../isRecord.js'

/** A stored message; `publishedAt` (ms) when the relay says when it was published. */
export type HistoryMessage = { topic: string; message: string; publishedAt?: number | undefined }

/** Sends one relay request and resolves with its result (the core's connection, or one of our own). */
export type RelayRequester = (method: string, params: unknown) => Promise<unknown>

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
  request: RelayRequester,
  topics: readonly string[],
  onPage: (messages: HistoryMessage[]) => Promise<void>,
): Promise<void> {
  const inFlight: Promise<FetchResult>[] = []
  const next = () => {
    const page = request('irn_batchFetchMessages', { topics: [...topics] }).then(readPage)
    // If onPage or an earlier page throws, requests in flight must not become unhandled rejections.
    page.catch(() => {})
    inFlight.push(page)
  }
  next()
  for (let page = inFlight.shift(); page; page = inFlight.shift()) {
    const { messages, hasMore } = await page
    // A page without messages that claims more would loop forever on a misbehaving relay.
    if (hasMore && messages.length > 0) while (inFlight.length < PREFETCH) next()
    await onPage(messages)
  }
}
