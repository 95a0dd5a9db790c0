import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, printFigure, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterAll, expect, test } from 'vitest'
import { createChatSyncSession } from '../../src/session/createChatSyncSession.js'
import { createSigner } from '../../src/session/createSigner.js'
import type { SessionState } from '../../src/session/sessionState.js'

/*
 * The sync signature: one made by another account is refused before anything is derived or stored,
 * and a user who declines to sign can enable sync later on the same client.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
afterAll(cleanup.run)

async function device() {
  return cleanup.track(await startDevice(relayUrl))
}

test('behavior: a signature made by another account is refused and nothing is registered', async () => {
  const owner = await createWallet()
  const intruder = await createWallet()
  const a = await device()
  // The intruder signs the owner's sync message: a valid signature, by the wrong key.
  const forged = await intruder.wallet.signMessage({
    message: a.client.getMessage({ account: owner.account }),
  })
  await expect(a.client.register({ account: owner.account, signature: forged })).rejects.toMatchObject({
    name: 'SignatureMismatchError',
    reason: 'wrong-signer',
  })
  // The intruder's own sync signature, offered for the owner.
  await expect(
    a.client.register({ account: owner.account, signature: intruder.signature }),
  ).rejects.toMatchObject({ name: 'SignatureMismatchError', reason: 'wrong-signer' })
  expect(await a.client.isRegistered({ account: owner.account })).toBe(false)
  expect(a.client.getSnapshot({ account: owner.account }).status).toBe('idle')
  await expect(
    a.client.set({ account: owner.account, store: 'threads', value: payloads.thread(1) }),
  ).rejects.toMatchObject({ name: 'AccountNotRegisteredError' })
  // The owner's own signature still works on the same client afterwards.
  await a.client.register(owner)
  expect(a.client.getSnapshot({ account: owner.account }).status).toBe('ready')
})

test('behavior: through the session, another account’s signature ends in error and a retry with the right one works', async () => {
  const owner = await createWallet()
  const intruder = await createWallet()
  const a = await device()
  let wrong = true
  const session = createChatSyncSession({
    client: a.client,
    account: owner.account,
    signer: createSigner({
      signMessage: (message) =>
        wrong ? intruder.wallet.signMessage({ message }) : owner.wallet.signMessage({ message }),
    }),
  })
  const first = await session.enable()
  expect(first.status).toBe('error')
  expect(first.error?.name).toBe('SignatureMismatchError')
  wrong = false
  const second = await session.enable()
  expect(['syncing', 'ready']).toContain(second.status)
})

test('behavior: a declined signature leaves the app usable; enabling again registers and syncs', async () => {
  const owner = await createWallet()
  const a = await device()
  const b = await device()
  await b.client.register(owner)
  let asked = 0
  const session = createChatSyncSession({
    client: a.client,
    account: owner.account,
    signer: {
      async signMessage({ message }) {
        asked += 1
        // What a wallet answers when the user presses "reject" (EIP-1193 4001).
        if (asked === 1) throw Object.assign(new Error('User rejected the request.'), { code: 4001 })
        return owner.wallet.signMessage({ message })
      },
    },
  })
  const states: SessionState['status'][] = []
  session.subscribe((state) => states.push(state.status))
  const unmount = session.mount()
  await waitFor(() => session.getState().status === 'rejected', { what: 'rejected' })
  const rejected = session.getState()
  expect(rejected.error?.name).toBe('SignatureRejectedError')
  // Nothing was registered, and the client still answers.
  expect(await a.client.isRegistered({ account: owner.account })).toBe(false)
  expect(a.client.getSnapshot({ account: owner.account }).status).toBe('idle')

  const enabled = await session.enable()
  await waitFor(() => session.getState().status === 'ready', { what: 'ready' })
  expect(asked).toBe(2)
  expect(states.slice(0, 3)).toEqual(['signing', 'rejected', 'signing'])
  expect(states.at(-1)).toBe('ready')
  expect(['syncing', 'ready']).toContain(enabled.status)
  // Usable: a write from here reaches the other device.
  const write = await a.client.set({ account: owner.account, store: 'threads', value: payloads.thread(7) })
  await write.delivered
  await waitFor(
    () => b.client.getSnapshot({ account: owner.account }).stores.threads.entries[write.key] !== undefined,
    { what: 'B to receive the write' },
  )
  unmount()
  printFigure('signatures', 'declined, then enabled', `states ${states.join(' → ')}`)
})
