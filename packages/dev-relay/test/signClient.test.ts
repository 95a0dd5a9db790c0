import { createHash } from 'node:crypto'
import { type SignClientPair, sharedRelayUrl, startSignClientPair } from '@chatsync/test/node'
import { afterAll, expect, test } from 'vitest'

const ACCOUNT = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
let pair: SignClientPair | undefined

afterAll(() => pair?.close())

test('a SignClient dapp and wallet pair, approve a session and exchange a personal_sign request', async () => {
  pair = await startSignClientPair(sharedRelayUrl(), { projectId: 'dev-relay-test' })
  const { dapp, wallet } = pair

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
