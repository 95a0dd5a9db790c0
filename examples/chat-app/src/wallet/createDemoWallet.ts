import { SignClient } from '@walletconnect/sign-client'
import type { SignClientTypes } from '@walletconnect/types'
import { getSdkError } from '@walletconnect/utils'
import { type Hex, hexToString, isHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { AppConfig } from '../getAppConfig'
import { createWalletConnectCore } from '../walletconnect/createWalletConnectCore'
import type { DemoAccount } from './demoAccounts'

const CHAIN = 'eip155:1'

const kindOf = (message: string): WalletRequestKind =>
  message.startsWith('I authorize this app to sync my account:')
    ? 'sync'
    : message.includes('wants you to sign in with your Ethereum account:')
      ? 'identity'
      : 'other'

/**
 * What a request asks the wallet to sign: chatsync's sync message (once per account and device), a chat
 * identity key's CAIP-122 sign-in (once per device), or anything else.
 */
export type WalletRequestKind = 'sync' | 'identity' | 'other'

/** A `personal_sign` request as the wallet panel shows it. */
export type WalletRequest = {
  id: number
  topic: string
  /** Name the requesting app gave in its metadata. */
  peerName: string
  /** The message as readable text. */
  message: string
  kind: WalletRequestKind
  status: 'pending' | 'approving' | 'approved' | 'rejected' | 'failed'
}

/** A line of the wallet's activity log. */
export type WalletActivity = { id: number; text: string }

export type DemoWalletState = {
  requests: readonly WalletRequest[]
  activity: readonly WalletActivity[]
}

export type DemoWallet = {
  /** Whose wallet it is ("Alice"). */
  name: string
  /** CAIP-10 account the wallet approves sessions for. */
  account: string
  address: Hex
  /** Accepts a pairing URI from an app; the session proposal that follows is approved. */
  pair(uri: string): Promise<void>
  /** Signs and answers a pending request (does nothing for one already answered). */
  approve(requestId: number): Promise<void>
  /** Answers a pending request with the user's rejection (does nothing for one already answered). */
  reject(requestId: number): Promise<void>
  getSnapshot(): DemoWalletState
  subscribe(listener: () => void): () => void
  destroy(): Promise<void>
}

export type CreateDemoWalletParameters = {
  config: AppConfig
  /** Whose wallet: its name and public test key. */
  owner: DemoAccount
  storagePrefix?: string
}

/**
 * A built-in demo wallet: a wallet-side SignClient on the same page, holding a fixed, publicly known
 * test key. It approves pairings from the page's devices at once and lets the user approve or reject each
 * `personal_sign` request.
 */
export async function createDemoWallet({
  config,
  owner,
  storagePrefix = `chatsync-demo-wallet-${owner.id}`,
}: CreateDemoWalletParameters): Promise<DemoWallet> {
  const signer = privateKeyToAccount(owner.privateKey)
  const account = `${CHAIN}:${signer.address}`
  const core = createWalletConnectCore({ config, storagePrefix })
  const client = await SignClient.init({
    core,
    metadata: {
      name: `${owner.name}'s demo wallet`,
      description: 'Demo wallet with a public test key. Do not use real funds.',
      url: typeof location === 'undefined' ? 'http://localhost' : location.origin,
      icons: [],
    },
  })

  let state: DemoWalletState = { requests: [], activity: [] }
  const listeners = new Set<() => void>()
  // What each request asked to sign, exactly as sent (hex stays raw bytes).
  const signables = new Map<number, string | { raw: Hex }>()
  let nextActivityId = 1
  const update = (next: DemoWalletState) => {
    state = next
    for (const listener of listeners) listener()
  }
  const log = (text: string) =>
    update({ ...state, activity: [...state.activity, { id: nextActivityId++, text }].slice(-50) })
  const setRequest = (id: number, patch: Partial<WalletRequest>) =>
    update({ ...state, requests: state.requests.map((r) => (r.id === id ? { ...r, ...patch } : r)) })

  const onProposal = async ({ id, params }: SignClientTypes.EventArguments['session_proposal']) => {
    const peerName = params.proposer.metadata.name
    try {
      const { acknowledged } = await client.approve({
        id,
        namespaces: {
          eip155: { chains: [CHAIN], accounts: [account], methods: ['personal_sign'], events: [] },
        },
      })
      await acknowledged()
      log(`Paired with ${peerName}`)
    } catch {
      log(`Pairing with ${peerName} failed`)
    }
  }

  const onRequest = async ({ id, topic, params }: SignClientTypes.EventArguments['session_request']) => {
    const peerName = client.session.get(topic).peer.metadata.name
    const [message] = params.request.params as [unknown, unknown]
    if (params.request.method !== 'personal_sign' || typeof message !== 'string') {
      await client.respond({
        topic,
        response: { id, jsonrpc: '2.0', error: getSdkError('UNSUPPORTED_METHODS') },
      })
      log(`Refused ${params.request.method} from ${peerName}`)
      return
    }
    const readable = isHex(message) ? hexToString(message) : message
    signables.set(id, isHex(message) ? { raw: message } : message)
    update({
      ...state,
      requests: [
        ...state.requests,
        { id, topic, peerName, message: readable, kind: kindOf(readable), status: 'pending' },
      ],
    })
  }

  client.on('session_proposal', (event) => void onProposal(event))
  client.on('session_request', (event) => {
    onRequest(event).catch(() => log('Could not handle a request'))
  })

  await listeningOnSessions(client)

  const pending = (requestId: number) =>
    state.requests.find((r) => r.id === requestId && r.status === 'pending')

  return {
    name: owner.name,
    account,
    address: signer.address,
    async pair(uri) {
      await client.core.pairing.pair({ uri })
    },
    async approve(requestId) {
      const request = pending(requestId)
      if (!request) return
      setRequest(requestId, { status: 'approving' })
      try {
        const signature = await signer.signMessage({ message: signables.get(requestId) ?? request.message })
        await client.respond({
          topic: request.topic,
          response: { id: requestId, jsonrpc: '2.0', result: signature },
        })
        setRequest(requestId, { status: 'approved' })
      } catch {
        setRequest(requestId, { status: 'failed' })
      } finally {
        signables.delete(requestId)
      }
    },
    async reject(requestId) {
      const request = pending(requestId)
      if (!request) return
      setRequest(requestId, { status: 'rejected' })
      signables.delete(requestId)
      try {
        await client.respond({
          topic: request.topic,
          response: { id: requestId, jsonrpc: '2.0', error: getSdkError('USER_REJECTED') },
        })
      } catch {
        setRequest(requestId, { status: 'failed' })
      }
    },
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async destroy() {
      listeners.clear()
      await client.core.relayer.transportClose()
      client.core.heartbeat.stop()
    },
  }
}

/** How long the wallet waits for the relay to confirm its sessions' subscriptions before it starts anyway. */
const LISTEN_TIMEOUT_MS = 10_000

/**
 * Resolves once the relay has confirmed a subscription to every live session of the wallet (or after
 * `LISTEN_TIMEOUT_MS`). Other tabs of the browser share the wallet's storage, so its relay client id: a
 * request published before this page's wallet listens is delivered to theirs and counts as received.
 */
async function listeningOnSessions(client: Awaited<ReturnType<typeof SignClient.init>>): Promise<void> {
  const until = Date.now() + LISTEN_TIMEOUT_MS
  const { subscriber } = client.core.relayer
  const now = Date.now() / 1000
  const topics = client.session
    .getAll()
    .filter((session) => session.expiry > now)
    .map((session) => session.topic)
  while (Date.now() < until && !topics.every((topic) => subscriber.topics.includes(topic)))
    await new Promise((resolve) => setTimeout(resolve, 50))
}
