import { createWallet, payloads, waitFor } from '@chatsync/test'
import { createCleanup, sharedRelayUrl, startDevice } from '@chatsync/test/node'
import { createMemoryAsyncStorage, createWalletConnectStorage } from '@chatsync/test/react-native'
import { afterEach, expect, test } from 'vitest'

/*
 * chatsync's default storage in a React Native app is the WalletConnect core's own: its React Native
 * build on AsyncStorage. That build reads values through a parser that turns runs of 17 or more digits
 * into BigInts, inside strings too, and hands back raw text when that breaks the JSON.
 */

const relayUrl = sharedRelayUrl()
const cleanup = createCleanup()
afterEach(cleanup.run)

test('behavior: on the core’s React Native storage, a value quoting a long number survives a restart', async () => {
  const { account, signature } = await createWallet()
  const asyncStorage = createMemoryAsyncStorage()
  const first = await startDevice(relayUrl, { coreStorage: createWalletConnectStorage(asyncStorage) })
  await first.client.register({ account, signature })
  const invite = payloads.sentInvite(1, { message: 'Card 12345678901234567890, expires 2030' })
  await (await first.client.set({ account, store: 'sentInvites', value: invite })).saved
  await first.client.set({ account, store: 'threads', value: payloads.thread(1) })
  await first.shutdown()

  const again = cleanup.track(
    await startDevice(relayUrl, {
      dir: first.dir,
      prefix: first.prefix,
      coreStorage: createWalletConnectStorage(asyncStorage),
    }),
  )
  expect(await again.client.restore({ account })).toBe(true)
  const { stores } = again.client.getSnapshot({ account })
  expect(stores.sentInvites.entries[invite.responseTopic]).toEqual(invite)
  expect(Object.keys(stores.threads.entries)).toEqual([payloads.thread(1).topic])
  await waitFor(() => again.client.getSnapshot({ account }).status === 'ready', { what: 'ready' })
  expect(again.errors).toEqual([])
})
