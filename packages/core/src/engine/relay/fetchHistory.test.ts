import { describe, expect, test } from 'vitest'
import { fetchHistory, type HistoryMessage } from './fetchHistory.js'

const message = (n: number, topic = 't1'): HistoryMessage => ({
  topic,
  message: `m${n}`,
  publishedAt: 1000 + n,
})

/** A relay whose answers the test gives one request at a time. */
function relay() {
  const requests: {
    method: string
    params: unknown
    answer: (result: unknown) => void
    fail: (e: Error) => void
  }[] = []
  const request = (method: string, params: unknown) =>
    new Promise<unknown>((answer, fail) => {
      requests.push({ method, params, answer, fail })
    })
  return { requests, request }
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('fetchHistory', () => {
  test('default: one page without more is one request, handed over as it is', async () => {
    const { requests, request } = relay()
    const pages: HistoryMessage[][] = []
    const done = fetchHistory(request, ['t1', 't2'], async (page) => void pages.push(page))
    expect(requests.map((r) => [r.method, r.params])).toEqual([
      ['irn_batchFetchMessages', { topics: ['t1', 't2'] }],
    ])
    requests[0]?.answer({ messages: [message(1), message(2, 't2')], hasMore: false })
    await done
    expect(pages).toEqual([[message(1), message(2, 't2')]])
    expect(requests).toHaveLength(1)
  })

  test('behavior: while more are stored, two pages are asked for ahead; every answer is handed over in order', async () => {
    const { requests, request } = relay()
    const pages: string[][] = []
    const done = fetchHistory(request, ['t1'], async (page) => void pages.push(page.map((m) => m.message)))
    requests[0]?.answer({ messages: [message(1)], hasMore: true })
    await turn()
    expect(requests).toHaveLength(3)
    requests[1]?.answer({ messages: [message(2)], hasMore: true })
    await turn()
    // One page is decoded while two more are asked for.
    expect(requests).toHaveLength(4)
    requests[2]?.answer({ messages: [message(3)], hasMore: false })
    // An answer after the last page still counts: the relay counts its messages as delivered.
    requests[3]?.answer({ messages: [message(4)], hasMore: false })
    await done
    expect(pages).toEqual([['m1'], ['m2'], ['m3'], ['m4']])
    expect(requests).toHaveLength(4)
  })

  test('behavior: a page that claims more but holds nothing ends the fetch (a misbehaving relay cannot loop it)', async () => {
    const { requests, request } = relay()
    const pages: HistoryMessage[][] = []
    const done = fetchHistory(request, ['t1'], async (page) => void pages.push(page))
    requests[0]?.answer({ messages: [], hasMore: true })
    await done
    expect(requests).toHaveLength(1)
    expect(pages).toEqual([[]])
  })

  test('behavior: malformed answers and messages are left out; hasMore must be true to fetch more', async () => {
    const { requests, request } = relay()
    const pages: HistoryMessage[][] = []
    const done = fetchHistory(request, ['t1'], async (page) => void pages.push(page))
    requests[0]?.answer({
      messages: [message(1), { topic: 1, message: 'x' }, { topic: 't1', message: 2 }, 'junk', null],
      hasMore: 'yes',
    })
    await done
    expect(pages).toEqual([[message(1)]])
    expect(requests).toHaveLength(1)
    for (const answer of [undefined, 'text', { messages: 'none', hasMore: false }]) {
      const other = relay()
      const seen: HistoryMessage[][] = []
      const fetched = fetchHistory(other.request, ['t1'], async (page) => void seen.push(page))
      other.requests[0]?.answer(answer)
      await fetched
      expect(seen).toEqual([[]])
    }
  })

  test('error: a failed request fails the fetch; requests ahead that fail later are not unhandled', async () => {
    const { requests, request } = relay()
    const done = fetchHistory(request, ['t1'], async () => {})
    requests[0]?.answer({ messages: [message(1)], hasMore: true })
    await turn()
    requests[1]?.fail(new Error('down'))
    requests[2]?.fail(new Error('down too'))
    await expect(done).rejects.toThrow('down')
  })

  test('error: a page handler that throws fails the fetch', async () => {
    const { requests, request } = relay()
    const done = fetchHistory(request, ['t1'], async () => {
      throw new Error('decode')
    })
    requests[0]?.answer({ messages: [message(1)], hasMore: true })
    await expect(done).rejects.toThrow('decode')
    requests[1]?.fail(new Error('later'))
    await turn()
  })
})
