import { describe, expect, test, vi } from 'vitest'
import { TransportClosedError } from '../../errors/relay.js'
import { byStore } from '../../stores/byStore.js'
import { parseSyncRequest } from '../../wire/parseSyncRequest.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { createPublisher } from './createPublisher.js'
import { openEnvelope, storeKeyBytes } from './envelope.js'

const topics = byStore((store) => `topic-${store}`)
const keys = byStore((store) => storeKeyBytes(store.length.toString(16).padStart(64, '0')))
const set: OutboxItem = {
  store: 'threads',
  method: 'wc_syncSet',
  id: 1700000000000001,
  key: 'k',
  value: '{"a":1}',
}
const del: OutboxItem = { store: 'inviteKeys', method: 'wc_syncDel', id: 1700000000000002, key: 'x' }

function setup(closed = false) {
  const request = vi.fn(async (_: { method: string; params: unknown }) => undefined)
  const core = { relayer: { request, transportExplicitlyClosed: closed } } as unknown as ChatSyncCore
  return { request, publish: createPublisher({ core, topics, keys, ttlSeconds: 1234 }) }
}

/** The request sealed in a published message, opened with its store's key. */
function opened(message: { topic: string; message: string }, store: keyof typeof keys) {
  const text = openEnvelope(keys[store], message.message)
  if (!text.ok) throw new Error('not sealed with the store key')
  return parseSyncRequest(text.text)
}

describe('createPublisher', () => {
  test('default: one write is one irn_publish on its store topic, sealed with its store key, with the retention ttl', async () => {
    const { request, publish } = setup()
    await publish([set])
    expect(request).toHaveBeenCalledTimes(1)
    const { method, params } = (request.mock.calls[0] as unknown[])[0] as { method: string; params: never }
    expect(method).toBe('irn_publish')
    expect(params).toMatchObject({ topic: 'topic-threads', tag: 5000, prompt: false, ttl: 1234 })
    expect(opened(params, 'threads')).toEqual({
      ok: true,
      value: { method: 'wc_syncSet', id: set.id, key: 'k', value: '{"a":1}' },
    })
  })

  test('behavior: several writes go out as one irn_batchPublish, each on its own topic with its own tag', async () => {
    const { request, publish } = setup()
    await publish([set, del])
    const { method, params } = (request.mock.calls[0] as unknown[])[0] as {
      method: string
      params: { messages: { topic: string; message: string; tag: number; ttl: number }[] }
    }
    expect(method).toBe('irn_batchPublish')
    expect(params.messages.map(({ topic, tag, ttl }) => ({ topic, tag, ttl }))).toEqual([
      { topic: 'topic-threads', tag: 5000, ttl: 1234 },
      { topic: 'topic-inviteKeys', tag: 5002, ttl: 1234 },
    ])
    expect(opened(params.messages[1] as never, 'inviteKeys')).toEqual({
      ok: true,
      value: { method: 'wc_syncDel', id: del.id, key: 'x' },
    })
  })

  test('error: while the app keeps the transport closed, nothing is sent', async () => {
    const { request, publish } = setup(true)
    await expect(publish([set])).rejects.toThrowError(TransportClosedError)
    expect(request).not.toHaveBeenCalled()
  })

  test('error: a failed request fails the publish (the outbox retries)', async () => {
    const { request, publish } = setup()
    request.mockRejectedValueOnce(new Error('down'))
    await expect(publish([set])).rejects.toThrow('down')
  })
})
