import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevRelay, startDevRelay } from '@chatsync/dev-relay'
import { act, render, screen } from '@testing-library/react'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ChatSyncProvider } from '../src/ChatSyncProvider.js'
import { useChatSync } from '../src/hooks/useChatSync.js'
import './nodeRealm.js'

const { SignClient } = await import('@walletconnect/sign-client')
type Client = Awaited<ReturnType<typeof SignClient.init>>

const signer = privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba')
const account = `eip155:1:${signer.address}`
let relay: DevRelay
const dirs: string[] = []
const clients: Client[] = []
let previousIsVitest: string | undefined

async function init(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `chatsync-react-${name}-`))
  dirs.push(dir)
  const client = await SignClient.init({
    projectId: 'chatsync-react-test',
    relayUrl: relay.url,
    customStoragePrefix: `${name}-${randomUUID()}`,
    logger: 'silent',
    telemetryEnabled: false,
    storageOptions: { database: join(dir, 'db') },
    metadata: { name, description: name, url: 'http://127.0.0.1', icons: [] },
  })
  clients.push(client)
  return client
}

function Status() {
  const { status, error, enable } = useChatSync()
  return (
    <button type="button" onClick={() => void enable()}>
      {`${status}${error ? ` ${error.name}` : ''}`}
    </button>
  )
}

beforeAll(async () => {
  // The Verify API is online only; sign-client skips it under this switch instead of waiting on fetches.
  previousIsVitest = process.env.IS_VITEST
  process.env.IS_VITEST = 'true'
  relay = await startDevRelay({ port: 0 })
})

afterAll(async () => {
  for (const client of clients) {
    await client.core.relayer.transportClose().catch(() => {})
    client.core.heartbeat.stop()
  }
  await relay.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  if (previousIsVitest === undefined) delete process.env.IS_VITEST
  else process.env.IS_VITEST = previousIsVitest
})

test('behavior: over a Sign API session, a declined personal_sign is `rejected` and enable() asks again', async () => {
  const dapp = await init('dapp')
  const wallet = await init('wallet')
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
