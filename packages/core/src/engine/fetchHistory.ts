import { isRecord } from '../isRecord.js'
import type { ChatSyncCore } from './chatSyncCore.js'
import { relayRequest } from './timing.js'

export type HistoryMessage = { topic: string; message: string }

type FetchResult = { messages: HistoryMessage[]; hasMore: boolean }

function readPage(result: unknown): FetchResult {
  const record: Record<string, unknown> = isRecord(result) ? result : {}
  const messages: HistoryMessage[] = []
  if (Array.isArray(record.messages)) {
    for (const item of record.messages) {
      if (!isRecord(item)) continue
      const { topic, message } = item
      if (typeof topic === 'string' && typeof message === 'string') messages.push({ topic, message })
    }
  }
  return { messages, hasMore: record.hasMore === true }
}

/**
 * Fetches the relay's stored messages of `topics` with `irn_batchFetchMessages`, page after page until
 * `hasMore` is false, handing each page to `onPage` (awaited). The next page is requested before the
 * current one is handed over, so decoding overlaps with the network. Messages fetched this way bypass
 * the core's relayer pipeline, whose message tracker costs a storage write per message.
 */
export async function fetchHistory(
  core: ChatSyncCore,
  topics: readonly string[],
  onPage: (messages: HistoryMessage[]) => Promise<void>,
): Promise<void> {
  const request = () => relayRequest(core, 'irn_batchFetchMessages', { topics: [...topics] }).then(readPage)
  let next: Promise<FetchResult> | undefined = request()
  while (next) {
    const page: FetchResult = await next
    // A page without messages that claims more would loop forever on a misbehaving relay.
    next = page.hasMore && page.messages.length > 0 ? request() : undefined
    // If onPage throws, the request in flight must not become an unhandled rejection.
    next?.catch(() => {})
    await onPage(page.messages)
  }
}
