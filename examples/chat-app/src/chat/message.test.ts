import type { Thread } from '@chatsync/core'
import { describe, expect, test } from 'vitest'
import { sealTypeZero } from './envelopes'
import { generateKeyPair, topicOf } from './keys'
import { openThreadMessage, sealChatMessage, sealLeave } from './message'
import { buildRequest } from './rpc'

const alice = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const bob = 'eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const symKey = generateKeyPair().privateKey
const aliceSide: Thread = { topic: topicOf(symKey), selfAccount: alice, peerAccount: bob, symKey }
const bobSide: Thread = { ...aliceSide, selfAccount: bob, peerAccount: alice }

const errorOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error as Error & { reason?: string }
  }
  throw new Error('expected an error')
}

describe('wc_chatMessage', () => {
  test('default: a message sealed on one side opens on the other, with its id and author', () => {
    const { envelope, message } = sealChatMessage({ thread: aliceSide, message: 'hello', now: 1000 })
    expect(message).toEqual({
      id: expect.any(Number),
      topic: aliceSide.topic,
      message: 'hello',
      authorAccount: alice,
      timestamp: 1000,
    })
    expect(openThreadMessage(bobSide, envelope)).toEqual({ type: 'message', message })
    // Another device of the author opens it too (same thread record).
    expect(openThreadMessage(aliceSide, envelope)).toEqual({ type: 'message', message })
  })

  test('behavior: the author’s address in another letter case is the same member', () => {
    const lowercased: Thread = { ...bobSide, peerAccount: alice.toLowerCase() }
    const { envelope, message } = sealChatMessage({ thread: aliceSide, message: 'hi' })
    expect(openThreadMessage(lowercased, envelope)).toEqual({ type: 'message', message })
  })

  test('behavior: a leave opens as a leave', () => {
    expect(openThreadMessage(bobSide, sealLeave(aliceSide))).toEqual({
      type: 'leave',
      id: expect.any(Number),
    })
  })

  test.each([
    [
      'another thread’s key',
      () =>
        openThreadMessage(
          bobSide,
          sealChatMessage({ thread: { ...aliceSide, symKey: generateKeyPair().privateKey }, message: 'x' })
            .envelope,
        ),
      'undecryptable',
    ],
    [
      'an author outside the thread',
      () =>
        openThreadMessage(
          bobSide,
          sealTypeZero(
            symKey,
            JSON.stringify(
              buildRequest('wc_chatMessage', {
                message: 'x',
                authorAccount: 'eip155:1:0x0000000000000000000000000000000000000002',
                timestamp: 1,
              }),
            ),
          ),
        ),
      'wrong-account',
    ],
    [
      'another method',
      () =>
        openThreadMessage(bobSide, sealTypeZero(symKey, JSON.stringify(buildRequest('wc_sessionPing', {})))),
      'malformed-payload',
    ],
    [
      'a missing timestamp',
      () =>
        openThreadMessage(
          bobSide,
          sealTypeZero(
            symKey,
            JSON.stringify(buildRequest('wc_chatMessage', { message: 'x', authorAccount: alice })),
          ),
        ),
      'malformed-payload',
    ],
    [
      'a message over 1000 characters',
      () =>
        openThreadMessage(
          bobSide,
          sealTypeZero(
            symKey,
            JSON.stringify(
              buildRequest('wc_chatMessage', {
                message: 'x'.repeat(1001),
                authorAccount: alice,
                timestamp: 1,
              }),
            ),
          ),
        ),
      'too-long',
    ],
    ['sending an empty message', () => sealChatMessage({ thread: aliceSide, message: '' }), 'too-long'],
    [
      'a thread with a bad symKey',
      () => sealChatMessage({ thread: { ...aliceSide, symKey: 'nope' }, message: 'x' }),
      'invalid-key',
    ],
  ])('parameters: %s is refused', (_, run, reason) => {
    const error = errorOf(run)
    expect(error.name).toBe('ChatProtocolError')
    expect(error.reason).toBe(reason)
    expect(error.message).not.toContain(symKey)
  })
})
