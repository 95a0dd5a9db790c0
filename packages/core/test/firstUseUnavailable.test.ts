import { createWallet, payloads } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { afterEach, expect, test, vi } from 'vitest'
import { createAccountDevices } from './durability/crashKit.js'

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

test('behavior: register() rejects with a CodeLoadError when its code cannot load; nothing is registered, the client keeps working', async () => {
  const wallet = await createWallet()
  const device = track(await startDevice(relayUrl))
  const { account } = wallet
  const error = await device.client.register(wallet).then(
    () => undefined,
    (reason: unknown) => reason as Error & { shortMessage?: string; cause?: unknown },
  )
  expect(error?.name).toBe('CodeLoadError')
  expect(error?.shortMessage).toBe("Could not load chatsync's code for this (it loads on first use).")
  // What failed is kept as the cause.
  expect(error?.cause).toBeInstanceOf(Error)

  expect(device.client.getSnapshot({ account }).status).toBe('idle')
  await expect(
    device.client.set({ account, store: 'threads', value: payloads.thread(1) }),
  ).rejects.toMatchObject({ name: 'AccountNotRegisteredError' })
  // Nothing was stored for the account: a later start finds nothing to restore.
  expect(await device.client.restore({ account })).toBe(false)
})

test('behavior: restore() and unregister() need none of it: an account registered before (in another process) comes back and logs out on a page that cannot load it', {
  timeout: 60_000,
}, async () => {
  const devices = await createAccountDevices(cleanup, relayUrl)
  const before = devices.device('before')
  before.start()
  await before.ready()
  await before.stop()
  const { account } = await createWallet(devices.privateKey)
  const device = track(await startDevice(relayUrl, { dir: before.dir, prefix: before.prefix }))
  expect(await device.client.restore({ account })).toBe(true)
  await device.client.set({ account, store: 'threads', value: payloads.thread(2) })
  await device.client.unregister({ account })
  expect(device.client.getSnapshot({ account }).status).toBe('idle')
  expect(await device.client.restore({ account })).toBe(false)
  expect(device.errors.map(({ error }) => error.name)).not.toContain('CodeLoadError')
})
