import { createCleanup, sharedRelayUrl, startTestCore } from '@chatsync/test/node'
import { afterAll, describe, expect, test, vi } from 'vitest'
import type { ChatTransport, TopicMessage } from './ChatTransport'
import { createRelayChatTransport } from './createRelayChatTransport'
import { generateKeyPair, topicOf } from './keys'

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
afterAll(cleanup.run)

/** A device: a real WalletConnect core of its own (own client id) and the chat transport on it. */
async function device() {
  const { core } = cleanup.trackCore(await startTestCore(relayUrl))
  // A device's core always has a topic of its own (a pairing, a session): without one it never reconnects.
  await core.relayer.subscribe(topicOf(generateKeyPair().privateKey))
  const transport = createRelayChatTransport(core)
  const received: TopicMessage[] = []
  transport.onMessage((message) => received.push(message))
  const texts = () => received.map((m) => m.message)
  return { core, transport, received, texts }
}

const publish = (transport: ChatTransport, topic: string, message: string) =>
  transport.publish(topic, message, { ttl: 300, tag: 2002 })

describe('createRelayChatTransport against the dev relay', () => {
  test('default: live messages, history for a late device, reconnect, unwatch', async () => {
    const topic = topicOf(generateKeyPair().privateKey)
    const a = await device()
    const b = await device()
    await a.transport.watch([topic])
    await b.transport.watch([topic])

    await publish(b.transport, topic, 'from b')
    await vi.waitFor(() => expect(a.texts()).toEqual(['from b']), { timeout: 5000 })
    expect(a.received[0]).toMatchObject({ topic, publishedAt: expect.any(Number) })
    await publish(a.transport, topic, 'from a')
    await vi.waitFor(() => expect(b.texts()).toEqual(['from a']), { timeout: 5000 })

    // A device that watches later gets the relay's stored messages first.
    const c = await device()
    await c.transport.watch([topic])
    await vi.waitFor(() => expect(c.texts()).toEqual(['from b', 'from a']), { timeout: 5000 })

    // Offline while b writes: after the reconnect the transport subscribes again and gets it.
    await a.core.relayer.transportClose()
    await publish(b.transport, topic, 'while a was away')
    await a.core.relayer.transportOpen()
    await vi.waitFor(() => expect(a.texts()).toEqual(['from b', 'while a was away']), { timeout: 10_000 })

    // Unwatched: nothing more arrives.
    await c.transport.unwatch([topic])
    await publish(b.transport, topic, 'after unwatch')
    await vi.waitFor(() => expect(a.texts()).toContain('after unwatch'), { timeout: 5000 })
    expect(c.texts()).toEqual(['from b', 'from a', 'while a was away'])
    // Nobody gets its own messages back.
    expect(b.texts()).toEqual(['from a'])
  }, 30_000)
})
