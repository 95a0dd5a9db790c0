import { readTypeOneEnvelope, sealTypeOneEnvelope } from '@chatsync/core/internal'
import { waitFor } from '@chatsync/test'
import { createCleanup, publishRaw, sharedRelayUrl, startTestCore } from '@chatsync/test/node'
import { x25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js'
import { decrypt, encrypt, hashKey, TYPE_1, deriveSymKey as wcDeriveSymKey } from '@walletconnect/utils'
import { afterEach, describe, expect, test } from 'vitest'
import { sealEnvelope } from '../src/engine/relay/envelope.js'
import { type TopicMessage, type WatchTopicsErrorType, watchTopics } from '../src/index.js'
import { deriveSymKey, keyTopic } from '../src/keys/deriveSymKey.js'

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
afterEach(cleanup.run)

const newSymKey = () => bytesToHex(randomBytes(32))
const seal = (symKey: string, text: string) => sealEnvelope(hexToBytes(symKey), text)

/** A watcher on a fresh core, with what it delivered and reported. */
async function startWatcher() {
  const { core } = cleanup.trackCore(await startTestCore(relayUrl))
  const received: TopicMessage[] = []
  const errors: WatchTopicsErrorType[] = []
  const watcher = watchTopics(core, {
    onMessages: (messages) => received.push(...messages),
    onError: (error) => errors.push(error),
  })
  cleanup.add(() => watcher.stop())
  return { core, watcher, received, errors, texts: () => received.map((m) => m.text) }
}

describe('key agreement and topics, against @walletconnect/utils', () => {
  test('default: X25519 → HKDF-SHA256 gives utils’ symKey, and its topic is utils’ hashKey', () => {
    // Known answer: RFC 7748 §6.1's key pairs.
    const alice = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'
    const bobPublic = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'
    const symKey = deriveSymKey({ privateKey: alice, publicKey: bobPublic })
    expect(symKey).toBe(wcDeriveSymKey(alice, bobPublic))
    // RFC 7748's shared secret for these keys, then HKDF-SHA256 (no salt, no info).
    expect(bytesToHex(x25519.getSharedSecret(hexToBytes(alice), hexToBytes(bobPublic)))).toBe(
      '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
    )
    expect(symKey).toBe('ea1d8a20f476d1e1ec952ca42708b8f7161ce7c81eadf97e520e2b40333decd5')
    expect(keyTopic(symKey!)).toBe(hashKey(symKey!))
    for (let n = 0; n < 20; n++) {
      const a = bytesToHex(x25519.utils.randomSecretKey())
      const b = x25519.utils.randomSecretKey()
      const bPublic = bytesToHex(x25519.getPublicKey(b))
      const key = deriveSymKey({ privateKey: a, publicKey: bPublic })!
      expect(key).toBe(wcDeriveSymKey(a, bPublic))
      expect(key).toBe(
        deriveSymKey({
          privateKey: bytesToHex(b),
          publicKey: bytesToHex(x25519.getPublicKey(hexToBytes(a))),
        }),
      )
      expect(keyTopic(key)).toBe(hashKey(key))
    }
  })

  test('parameters: keys that are not 32 bytes of hex, or a low-order peer key, agree on nothing', () => {
    const own = bytesToHex(x25519.utils.randomSecretKey())
    expect(deriveSymKey({ privateKey: own, publicKey: 'zz'.repeat(32) })).toBeUndefined()
    expect(deriveSymKey({ privateKey: own.slice(2), publicKey: own })).toBeUndefined()
    expect(deriveSymKey({ privateKey: own, publicKey: '00'.repeat(32) })).toBeUndefined()
  })

  test('default: type-1 envelopes open with utils’ decrypt, and utils’ open here', () => {
    const receiver = x25519.utils.randomSecretKey()
    const receiverPublic = bytesToHex(x25519.getPublicKey(receiver))
    const sender = x25519.utils.randomSecretKey()
    const senderPublic = x25519.getPublicKey(sender)
    const symKey = deriveSymKey({ privateKey: bytesToHex(sender), publicKey: receiverPublic })!
    const ours = sealTypeOneEnvelope(hexToBytes(symKey), senderPublic, '{"hello":"☀"}')
    expect(decrypt({ encoded: ours, symKey })).toBe('{"hello":"☀"}')
    const theirs = encrypt({
      type: TYPE_1,
      symKey,
      senderPublicKey: bytesToHex(senderPublic),
      message: 'from utils',
    })
    const read = readTypeOneEnvelope(theirs)
    expect(read.ok && bytesToHex(read.senderPublicKey)).toBe(bytesToHex(senderPublic))
    expect(read.ok && read.open(hexToBytes(symKey))).toBe('from utils')
    expect(read.ok && read.open(randomBytes(32))).toBeUndefined()
  })
})

describe('watchTopics on a real core and the dev relay', () => {
  test('default: stored messages first, then live ones, each once, opened with the topic’s key', async () => {
    const publisher = cleanup.trackCore(await startTestCore(relayUrl))
    const symKey = newSymKey()
    const topic = keyTopic(symKey)
    for (const n of [1, 2, 3]) await publishRaw(publisher.core, topic, seal(symKey, `stored ${n}`), 2002)
    const { watcher, received, texts } = await startWatcher()
    await watcher.setTopics([{ topic, symKey }])
    expect(texts()).toEqual(['stored 1', 'stored 2', 'stored 3'])
    expect(
      received.every((m) => m.source === 'history' && m.topic === topic && typeof m.publishedAt === 'number'),
    ).toBe(true)
    for (const n of [4, 5]) await publishRaw(publisher.core, topic, seal(symKey, `live ${n}`), 2002)
    await waitFor(() => received.length === 5, { what: 'the live messages' })
    expect(texts().slice(3)).toEqual(['live 4', 'live 5'])
    expect(received.slice(3).every((m) => m.source === 'live')).toBe(true)
  })

  test('behavior: type-1 topics open with the receiver’s private key and say who sent it', async () => {
    const publisher = cleanup.trackCore(await startTestCore(relayUrl))
    const receiver = bytesToHex(x25519.utils.randomSecretKey())
    const receiverPublic = bytesToHex(x25519.getPublicKey(hexToBytes(receiver)))
    const topic = keyTopic(receiverPublic)
    const sender = x25519.utils.randomSecretKey()
    const symKey = wcDeriveSymKey(bytesToHex(sender), receiverPublic)
    const envelope = encrypt({
      type: TYPE_1,
      symKey,
      senderPublicKey: bytesToHex(x25519.getPublicKey(sender)),
      message: 'invite',
    })
    await publishRaw(publisher.core, topic, envelope, 2000)
    const { watcher, received } = await startWatcher()
    await watcher.setTopics([{ topic, privateKey: receiver }])
    expect(received).toMatchObject([
      { topic, text: 'invite', senderPublicKey: bytesToHex(x25519.getPublicKey(sender)) },
    ])
  })

  test('behavior: what the key does not open, or another envelope type, is dropped with a TopicMessageError', async () => {
    const publisher = cleanup.trackCore(await startTestCore(relayUrl))
    const symKey = newSymKey()
    const topic = keyTopic(symKey)
    await publishRaw(publisher.core, topic, seal(newSymKey(), 'other key'), 2002)
    await publishRaw(publisher.core, topic, 'not an envelope', 2002)
    await publishRaw(
      publisher.core,
      topic,
      encrypt({ type: TYPE_1, symKey, senderPublicKey: '11'.repeat(32), message: 'type 1' }),
      2002,
    )
    await publishRaw(publisher.core, topic, seal(symKey, 'fine'), 2002)
    const { watcher, texts, errors } = await startWatcher()
    await watcher.setTopics([{ topic, symKey }])
    expect(texts()).toEqual(['fine'])
    expect(errors.map((e) => [e.name, 'reason' in e ? e.reason : undefined])).toEqual([
      ['TopicMessageError', 'undecryptable'],
      ['TopicMessageError', 'malformed'],
      ['TopicMessageError', 'wrong-type'],
    ])
    expect(errors.map((e) => e.message).join()).not.toContain(symKey)
  })

  test('behavior: the same relay copy pushed twice is delivered once; the same envelope published again is a new copy', async () => {
    const publisher = cleanup.trackCore(await startTestCore(relayUrl))
    const symKey = newSymKey()
    const topic = keyTopic(symKey)
    const { core, watcher, received } = await startWatcher()
    await watcher.setTopics([{ topic, symKey }])
    const subscriptionId = bytesToHex(
      (await import('@noble/hashes/sha2.js')).sha256(
        new TextEncoder().encode(topic + (await core.crypto.getClientId())),
      ),
    )
    const envelope = seal(symKey, 'once')
    const copy = { topic, message: envelope, publishedAt: 1_700_000_000_000 }
    core.relayer.events.emit(subscriptionId, copy)
    core.relayer.events.emit(subscriptionId, { ...copy })
    expect(received.map((m) => m.text)).toEqual(['once'])
    await publishRaw(publisher.core, topic, envelope, 2002)
    await waitFor(() => received.length === 2, { what: 'the republished copy' })
  })

  test('behavior: after the relay restarts, what was published meanwhile arrives, and live messages again', async () => {
    const relay = await cleanup.restartableRelay()
    const publisher = cleanup.trackCore(await startTestCore(relay.url))
    const { core } = cleanup.trackCore(await startTestCore(relay.url))
    const received: TopicMessage[] = []
    const watcher = watchTopics(core, { onMessages: (messages) => received.push(...messages) })
    cleanup.add(() => watcher.stop())
    const symKey = newSymKey()
    const topic = keyTopic(symKey)
    await watcher.setTopics([{ topic, symKey }])
    await publishRaw(publisher.core, topic, seal(symKey, 'before'), 2002)
    await waitFor(() => received.length === 1, { what: 'the first message' })
    await relay.stop()
    await relay.restart()
    // Published while the watcher is away: the relay keeps it in the watcher's mailbox.
    await publishRaw(publisher.core, topic, seal(symKey, 'meanwhile'), 2002)
    // The watcher reconnects by itself (its core has no topics of its own to reconnect for).
    await waitFor(() => core.relayer.connected, { timeoutMs: 20_000, what: 'the watcher connected again' })
    await waitFor(() => received.length === 2, { timeoutMs: 20_000, what: 'the message published meanwhile' })
    await publishRaw(publisher.core, topic, seal(symKey, 'after'), 2002)
    await waitFor(() => received.length === 3, { timeoutMs: 20_000, what: 'the message after the restart' })
    expect(received.map((m) => m.text)).toEqual(['before', 'meanwhile', 'after'])
  }, 60_000)

  test('behavior: a topic left out, or stop(), ends its messages', async () => {
    const publisher = cleanup.trackCore(await startTestCore(relayUrl))
    const [a, b] = [newSymKey(), newSymKey()]
    const { watcher, received } = await startWatcher()
    await watcher.setTopics([
      { topic: keyTopic(a), symKey: a },
      { topic: keyTopic(b), symKey: b },
    ])
    await watcher.setTopics([{ topic: keyTopic(b), symKey: b }])
    await publishRaw(publisher.core, keyTopic(a), seal(a, 'a'), 2002)
    await publishRaw(publisher.core, keyTopic(b), seal(b, 'b'), 2002)
    await waitFor(() => received.length === 1, { what: 'the message on the topic still watched' })
    expect(received[0]!.text).toBe('b')
    watcher.stop()
    await publishRaw(publisher.core, keyTopic(b), seal(b, 'after stop'), 2002)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(received).toHaveLength(1)
  })
})
