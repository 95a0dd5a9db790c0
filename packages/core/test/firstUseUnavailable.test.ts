import { createWallet, payloads } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterEach, expect, test, vi } from 'vitest'

/*
 * The code a device needs only on some paths (key derivation, what makes a registration live,
 * unregistering…) loads on first use. When it cannot load (a page offline, a deploy that removed the
 * chunk), the call that needed it rejects with a clear error, and the client goes on: nothing half done.
 */

vi.mock('../src/engine/onFirstUse.js', () => {
  throw new Error('Failed to fetch dynamically imported module: /assets/onFirstUse-Bx1.js')
})

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
const { track } = cleanup

afterEach(cleanup.run)

test('behavior: register() rejects with a ChatSyncError when its code cannot load; nothing is registered, the client keeps working', async () => {
  const wallet = await createWallet()
  const device = track(await startDevice(relayUrl))
  const { account } = wallet
  const error = await device.client.register(wallet).then(
    () => undefined,
    (reason: unknown) => reason as Error & { shortMessage?: string; cause?: unknown },
  )
  expect(error?.name).toBe('ChatSyncError')
  expect(error?.shortMessage).toBe("Could not load chatsync's code for this (loaded on first use).")
  // What failed is kept as the cause.
  expect(error?.cause).toBeInstanceOf(Error)
  // The signature stays out of what the app sees.
  expect(`${error?.message} ${String(error?.cause)}`).not.toContain(wallet.signature.slice(2, 20))

  expect(device.client.getSnapshot({ account }).status).toBe('idle')
  await expect(
    device.client.set({ account, store: 'threads', value: payloads.thread(1) }),
  ).rejects.toMatchObject({ name: 'AccountNotRegisteredError' })
  // Nothing was stored for the account: a later start finds nothing to restore.
  expect(await device.client.restore({ account })).toBe(false)
})
