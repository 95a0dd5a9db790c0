import { SignClient } from '@walletconnect/sign-client'
import { getSdkError } from '@walletconnect/utils'
import { type Hex, hexToString, isHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createWalletConnectCore } from './createWalletConnectCore'
import type { AppConfig } from './getAppConfig'

/**
 * The web example's demo accounts: the first two of the Hardhat/Anvil test mnemonic, public keys that
 * nobody owns. Do not use real funds with them.
 */
export const DEMO_ACCOUNTS = {
  alice: { name: 'Alice', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  bob: { name: 'Bob', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
} as const

export type DemoAccountId = keyof typeof DEMO_ACCOUNTS

/** A `personal_sign` request waiting for the user. */
export type DemoRequest = { id: number; topic: string; message: string }

export type DemoWallet = {
  name: string
  /** Takes the app's pairing URI; the session proposal that follows is approved for the demo account. */
  pair(uri: string): Promise<void>
  getRequests(): readonly DemoRequest[]
  subscribe(listener: () => void): () => void
  approve(request: DemoRequest): Promise<void>
  reject(request: DemoRequest): Promise<void>
}

const CHAIN = 'eip155:1'

/**
 * A wallet inside the app, for development on the dev relay: a wallet-side SignClient on a core of its
 * own, as a wallet app would have. The user approves or rejects each signature request on screen.
 */
export async function createDemoWallet(config: AppConfig, id: DemoAccountId): Promise<DemoWallet> {
  const owner = DEMO_ACCOUNTS[id]
  const signer = privateKeyToAccount(owner.privateKey)
  const client = await SignClient.init({
    core: createWalletConnectCore(config, `chatsync-demo-wallet-${id}`),
    metadata: {
      name: `${owner.name}'s demo wallet`,
      description: 'Public test key',
      url: 'https://example.invalid',
      icons: [],
    },
  })
  let requests: readonly DemoRequest[] = []
  const listeners = new Set<() => void>()
  const setRequests = (next: readonly DemoRequest[]) => {
    requests = next
    for (const listener of listeners) listener()
  }
  const signables = new Map<number, string | { raw: Hex }>()

  client.on('session_proposal', ({ id: proposal }) => {
    const namespaces = {
      eip155: {
        chains: [CHAIN],
        accounts: [`${CHAIN}:${signer.address}`],
        methods: ['personal_sign'],
        events: [],
      },
    }
    client.approve({ id: proposal, namespaces }).catch(() => {})
  })
  client.on('session_request', ({ id: request, topic, params }) => {
    const [message] = params.request.params as [unknown]
    if (params.request.method !== 'personal_sign' || typeof message !== 'string') {
      const error = getSdkError('UNSUPPORTED_METHODS')
      void client.respond({ topic, response: { id: request, jsonrpc: '2.0', error } }).catch(() => {})
      return
    }
    signables.set(request, isHex(message) ? { raw: message } : message)
    setRequests([
      ...requests,
      { id: request, topic, message: isHex(message) ? hexToString(message) : message },
    ])
  })

  const answer = async (
    request: DemoRequest,
    result: { result: string } | { error: { code: number; message: string } },
  ) => {
    setRequests(requests.filter((pending) => pending.id !== request.id))
    signables.delete(request.id)
    await client.respond({ topic: request.topic, response: { id: request.id, jsonrpc: '2.0', ...result } })
  }

  return {
    name: owner.name,
    pair: (uri) => client.core.pairing.pair({ uri }).then(() => {}),
    getRequests: () => requests,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async approve(request) {
      const signature = await signer.signMessage({ message: signables.get(request.id) ?? request.message })
      await answer(request, { result: signature })
    },
    reject: (request) => answer(request, { error: getSdkError('USER_REJECTED') }),
  }
}
