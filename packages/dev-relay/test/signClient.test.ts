import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignClient } from '@walletconnect/sign-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type DevRelay, startDevRelay } from '../src/index.js'
import { removeDir } from './createTestCore.js'

type Client = Awaited<ReturnType<typeof SignClient.init>>

const ACCOUNT = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
let relay: DevRelay
const dirs: string[] = []
const clients: Client[] = []
let previousIsVitest: string | undefined

const init = async (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `dev-relay-${name}-`))
  dirs.push(dir)
  const client = await SignClient.init({
    projectId: 'dev-relay-test',
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

beforeAll(async () => {
  // The Verify API is online only; its test switch makes sign-client skip it instead of waiting on fetches.
  previousIsVitest = process.env.IS_VITEST
  process.env.IS_VITEST = 'true'
  relay = await startDevRelay()
})
afterAll(async () => {
  for (const client of clients) {
    await client.core.relayer.transportClose()
    client.core.heartbeat.stop()
  }
  await relay.close()
  for (const dir of dirs) removeDir(dir)
  if (previousIsVitest === undefined) delete process.env.IS_VITEST
  else process.env.IS_VITEST = previousIsVitest
})

test('a SignClient dapp and wallet pair, approve a session and exchange a personal_sign request', async () => {
  const dapp = await init('dapp')
  const wallet = await init('wallet')

  wallet.on('session_proposal', async (proposal) => {
    await wallet.approve({
      id: proposal.id,
      namespaces: {
        eip155: {
          accounts: [ACCOUNT],
          methods: ['personal_sign'],
          events: ['accountsChanged'],
          chains: ['eip155:1'],
        },
      },
    })
  })
  // The wallet answers with a digest of what it was asked, so the dapp can tell the answer is for its request.
  wallet.on('session_request', async (event) => {
    const [message] = event.params.request.params as [string, string]
    const answer = `0x${createHash('sha256').update(message).digest('hex')}`
    await wallet.respond({ topic: event.topic, response: { id: event.id, jsonrpc: '2.0', result: answer } })
  })

  const { uri, approval } = await dapp.connect({
    optionalNamespaces: {
      eip155: { methods: ['personal_sign'], chains: ['eip155:1'], events: ['accountsChanged'] },
    },
  })
  expect(uri).toBeDefined()
  await wallet.core.pairing.pair({ uri: uri! })
  const session = await approval()
  expect(session.namespaces.eip155?.accounts).toEqual([ACCOUNT])
  expect(wallet.session.get(session.topic).topic).toBe(session.topic)

  const message = '0x68656c6c6f2066726f6d2074686520646170700a'
  const result = await dapp.request<string>({
    topic: session.topic,
    chainId: 'eip155:1',
    request: { method: 'personal_sign', params: [message, ACCOUNT.split(':')[2]] },
  })
  expect(result).toBe(`0x${createHash('sha256').update(message).digest('hex')}`)
})
