import { createHash } from 'node:crypto'
import { type storeKeysOf, type TestWallet, waitFor } from '@chatsync/test'
import {
  createCleanup,
  printFigure,
  publishRaw,
  sharedRelayUrl,
  startTargetAndPeer,
  type TestDevice,
} from '@chatsync/test/node'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ChatStoreId } from '../../src/stores/catalogue.js'
import {
  HOSTILE_KINDS,
  type HostileKind,
  type HostileMessage,
  hostileMessages,
  seal,
  validPayload,
  validSetText,
} from './hostileMessages.js'

/*
 * Hostile messages on the store topics of a registered account, fuzzed with fast-check.
 *
 * - In process (1,000 cases per kind): each message is handed to the device's `@walletconnect/core` as
 *   the text of an `irn_subscription` frame, through the same function its WebSocket calls for every
 *   frame the relay sends (`relayer.provider.connection.onPayload`). From there on it takes the real
 *   path: the core's payload handler, its per-subscription event and `relayer_message`, the engine's
 *   listener, decoding, the store update. Only the socket is left out.
 * - End to end (50 per kind): a peer holding the store keys publishes them on the dev relay, which
 *   pushes them to the device over its WebSocket.
 *
 * For every message: the account's snapshot stays the same object, exactly one `error` event
 * (`IncomingMessageError`) is reported, and nothing is thrown or left unhandled. Valid changes sent
 * after them still apply.
 */

const RUNS_IN_PROCESS = 1000
const RUNS_END_TO_END = 50
const BATCH = 25
/** Three times the engine's message limit, half again the dev relay's. */
const IN_PROCESS_MAX_LENGTH = 96 * 1024
/** The dev relay refuses messages over 64 KiB: hostile ones stay below so the relay passes them on. */
const RELAY_SAFE_LENGTH = 60 * 1024

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
let wallet: TestWallet
let target: TestDevice
let peer: TestDevice
let keys: Awaited<ReturnType<typeof storeKeysOf>>
let subscriptionIdOf: (topic: string) => string
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  process.on('uncaughtException', onUnhandled)
  ;({ wallet, target, peer, keys } = await startTargetAndPeer(relayUrl, cleanup))
  // What the relay sends as the subscription id of a topic (and the core computes the same way).
  const clientId = await target.core.crypto.getClientId()
  subscriptionIdOf = (topic) =>
    createHash('sha256')
      .update(topic + clientId)
      .digest('hex')
})

afterAll(async () => {
  await cleanup.run()
  process.off('unhandledRejection', onUnhandled)
  process.off('uncaughtException', onUnhandled)
})

const snapshot = () => target.client.getSnapshot({ account: wallet.account })

let frameId = Date.now() * 1_000_000
/** Hands `message` to the target's core as a frame from the relay on the store's topic. */
function deliverFrame(store: ChatStoreId, message: string) {
  const topic = keys[store].topic
  const frame = {
    id: ++frameId,
    jsonrpc: '2.0',
    method: 'irn_subscription',
    params: { id: subscriptionIdOf(topic), data: { topic, message, publishedAt: Date.now(), tag: 5000 } },
  }
  const connection = (
    target.core.relayer as unknown as {
      provider: { connection: { onPayload(event: { data: string }): void } }
    }
  ).provider.connection
  connection.onPayload({ data: JSON.stringify(frame) })
}

let validCount = 0
/** A valid change (a fresh received-invite status), sealed like any device would. */
function validMessage(): HostileMessage & { key: string } {
  validCount += 1
  const n = 100_000 + validCount
  const { key } = validPayload('receivedInviteStatuses', n)
  const text = validSetText('receivedInviteStatuses', n, Date.now() * 1000 + validCount)
  return { store: 'receivedInviteStatuses', key, message: seal(keys.receivedInviteStatuses.symKey, text) }
}

const applied = (key: string) => snapshot().stores.receivedInviteStatuses.entries[key] !== undefined

/** Waits for `predicate`, checking after every turn of the event loop (a case takes a few turns). */
async function settle(predicate: () => boolean, what: string, timeoutMs = 5_000) {
  const started = performance.now()
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

async function untilErrors(count: number) {
  await settle(() => target.errors.length >= count, `${count} error events`)
}

function newErrorsSince(index: number) {
  return target.errors.slice(index)
}

describe('in process: 1,000 cases per kind through the core frame handler', () => {
  for (const kind of HOSTILE_KINDS) {
    test(`behavior: ${kind} are each dropped with one IncomingMessageError; state unchanged`, {
      timeout: 30_000,
    }, async () => {
      await waitFor(() => snapshot().status === 'ready', { what: 'ready' })
      const seen = new Set<string>()
      const startErrors = target.errors.length
      const reasons = new Map<string, number>()
      let cases = 0
      let runs = 0
      const started = performance.now()
      // Cases go in batches (one fast-check run each) to keep the suite quick; a failing batch shrinks
      // to the messages that fail.
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileMessages(kind, keys, { maxLength: IN_PROCESS_MAX_LENGTH }), {
            minLength: BATCH,
            maxLength: BATCH,
          }),
          async (batch) => {
            // The same text twice is one case, not two.
            const messages = batch.filter(({ message }) => !seen.has(message))
            fc.pre(messages.length > 0)
            const before = snapshot()
            const errorsBefore = target.errors.length
            for (const { store, message } of messages) {
              seen.add(message)
              deliverFrame(store, message)
            }
            await untilErrors(errorsBefore + messages.length)
            const reported = newErrorsSince(errorsBefore)
            expect(reported).toHaveLength(messages.length)
            for (const { account, error } of reported) {
              expect(account).toBe(wallet.account)
              expect(error.name).toBe('IncomingMessageError')
              const reason = String((error as { reason?: unknown }).reason)
              reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
            }
            expect(snapshot()).toBe(before)
            cases += messages.length
            runs += 1
            if (runs % 4 === 0) {
              // Valid changes still apply in between.
              const valid = validMessage()
              deliverFrame(valid.store, valid.message)
              await settle(() => applied(valid.key), 'a valid change')
            }
          },
        ),
        // Two runs more than needed make up for the (rare) repeated texts.
        { numRuns: RUNS_IN_PROCESS / BATCH + 2, endOnFailure: true },
      )
      const after = validMessage()
      deliverFrame(after.store, after.message)
      await settle(() => applied(after.key), 'the valid change after them')
      // One error per hostile message, none for the valid ones.
      expect(target.errors.length - startErrors).toBe(cases)
      expect(cases).toBeGreaterThanOrEqual(RUNS_IN_PROCESS)
      expect(unhandled).toEqual([])
      const ms = performance.now() - started
      const histogram = [...reasons.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([reason, count]) => `${reason} ${count}`)
        .join(', ')
      printFigure(
        'hostile input, in process',
        kind,
        `${cases} cases → ${target.errors.length - startErrors} IncomingMessageError (${histogram}); ${Math.round(ms)} ms`,
      )
    })
  }
})

describe('end to end: 50 per kind through the dev relay', () => {
  test('behavior: every hostile message published on the relay is dropped and reported once', {
    timeout: 40_000,
  }, async () => {
    const startErrors = target.errors.length
    const before = snapshot().stores
    const perKind = new Map<HostileKind, number>()
    let sent = 0
    const started = performance.now()
    for (const kind of HOSTILE_KINDS) {
      const arbitrary = hostileMessages(kind, keys, { maxLength: RELAY_SAFE_LENGTH, minLength: 1 })
      const seen = new Set<string>()
      const sample: HostileMessage[] = []
      // Distinct, non-empty messages the relay accepts (the core ignores an empty one before any listener).
      while (sample.length < RUNS_END_TO_END) {
        for (const item of fc.sample(arbitrary, RUNS_END_TO_END)) {
          if (sample.length === RUNS_END_TO_END) break
          if (item.message.length === 0 || item.message.length > RELAY_SAFE_LENGTH || seen.has(item.message))
            continue
          seen.add(item.message)
          sample.push(item)
        }
      }
      for (const { store, message } of sample) await publishRaw(peer.core, keys[store].topic, message)
      perKind.set(kind, sample.length)
      sent += sample.length
    }
    const valid = validMessage()
    await publishRaw(peer.core, keys[valid.store].topic, valid.message)
    await waitFor(() => applied(valid.key), { timeoutMs: 20_000, what: 'the valid change after them' })
    await untilErrors(startErrors + sent)
    // Give a late duplicate report the chance to show.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const reported = newErrorsSince(startErrors)
    expect(reported).toHaveLength(sent)
    expect(
      reported.every((e) => e.error.name === 'IncomingMessageError' && e.account === wallet.account),
    ).toBe(true)
    const after = snapshot().stores
    for (const id of ['sentInvites', 'threads', 'inviteKeys'] as const) expect(after[id]).toBe(before[id])
    expect(Object.keys(after.receivedInviteStatuses.entries)).toContain(valid.key)
    expect(unhandled).toEqual([])
    printFigure(
      'hostile input, end to end',
      'messages through the dev relay',
      `${sent} (${[...perKind.values()].join(' + ')}) → ${reported.length} IncomingMessageError; ${Math.round(performance.now() - started)} ms`,
    )
  })
})
