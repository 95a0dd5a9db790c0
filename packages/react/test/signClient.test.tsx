import { createWallet } from '@chatsync/test'
import { type SignClientPair, sharedRelayUrl, startSignClientPair } from '@chatsync/test/node'
import { act, render, screen } from '@testing-library/react'
import { afterAll, expect, test } from 'vitest'
import { ChatSyncProvider } from '../src/ChatSyncProvider.js'
import { useChatSync } from '../src/hooks/useChatSync.js'

const { wallet: signer, account } = await createWallet(
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
)
let pair: SignClientPair | undefined

function Status() {
  const { status, error, enable } = useChatSync()
  return (
    <button type="button" onClick={() => void enable()}>
      {`${status}${error ? ` ${error.name}` : ''}`}
    </button>
  )
}

afterAll(() => pair?.close())

test('behavior: over a Sign API session, a declined personal_sign is `rejected` and enable() asks again', async () => {
  pair = await startSignClientPair(sharedRelayUrl(), { projectId: 'chatsync-react-test' })
  const { dapp, wallet } = pair
  const requests: { method: string; params: unknown[]; chainId: string }[] = []
  wallet.on('session_proposal', async (proposal) => {
    await wallet.approve({
      id: proposal.id,
      namespaces: {
        eip155: { accounts: [account], methods: ['personal_sign'], events: [], chains: ['eip155:1'] },
      },
    })
  })
  wallet.on('session_request', async (event) => {
    const { method, params } = event.params.request as { method: string; params: [`0x${string}`, string] }
    requests.push({ method, params, chainId: event.params.chainId })
    const response =
      requests.length === 1
        ? { id: event.id, jsonrpc: '2.0', error: { code: 5000, message: 'User rejected.' } }
        : { id: event.id, jsonrpc: '2.0', result: await signer.signMessage({ message: { raw: params[0] } }) }
    await wallet.respond({ topic: event.topic, response })
  })
  const { uri, approval } = await dapp.connect({
    optionalNamespaces: { eip155: { methods: ['personal_sign'], chains: ['eip155:1'], events: [] } },
  })
  await wallet.core.pairing.pair({ uri: uri as string })
  const session = await approval()

  const view = render(
    <ChatSyncProvider signClient={dapp} session={session.topic} account={account}>
      <Status />
    </ChatSyncProvider>,
  )
  const button = await screen.findByText('rejected SignatureRejectedError', undefined, { timeout: 15_000 })
  await act(async () => button.click())
  await screen.findByText('ready', undefined, { timeout: 15_000 })

  const message = `I authorize this app to sync my account: ${account}\n\nRead more about it here: https://walletconnect.com/faq`
  const hexMessage = `0x${Buffer.from(message, 'utf8').toString('hex')}`
  expect(requests).toEqual([
    { method: 'personal_sign', params: [hexMessage, signer.address], chainId: 'eip155:1' },
    { method: 'personal_sign', params: [hexMessage, signer.address], chainId: 'eip155:1' },
  ])
  view.unmount()
})
