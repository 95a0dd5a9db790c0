import { type ChatSyncClient, createChatSync } from '@chatsync/core'
import { SignClient } from '@walletconnect/sign-client'
import type { ISignClient, SessionTypes } from '@walletconnect/types'
import { type ChatClient, createChatClient } from '../chat/createChatClient'
import { createRelayChatTransport } from '../chat/createRelayChatTransport'
import { createKeyDirectoryClient, type KeyDirectory } from '../chat/KeyDirectory'
import type { AppConfig } from '../getAppConfig'
import type { DemoWallet } from '../wallet/createDemoWallet'
import { createWalletConnectCore } from '../walletconnect/createWalletConnectCore'

/** Where a device stands with its wallet. */
export type DeviceConnection =
  | { status: 'starting' }
  /** Waiting for the wallet to approve the pairing; `uri` is what a real wallet needs pasted. */
  | { status: 'pairing'; uri: string }
  | {
      status: 'paired'
      signClient: ISignClient
      /** The Sign API session with the wallet; the sync signature is asked for over it. */
      session: SessionTypes.Struct
      account: string
      /** This device's chat sync engine, on the device's own core. */
      chatSync: ChatSyncClient
    }
  | { status: 'failed'; message: string }

export type Device = {
  /** Whose device: a demo account (`alice`, `bob`) or `wallet` for a real wallet. */
  owner: string
  id: number
  /** `alice-1`: unique on the page, and the name of its storage. */
  key: string
  label: string
  /** The device's side of the Chat protocol, on its own core. */
  chat: ChatClient
  /** Where invite keys are registered and resolved; `undefined` without the development directory. */
  directory: KeyDirectory | undefined
  /** Reports chat messages that were dropped and relay failures of the chat topics. */
  onChatProblem(listener: (error: unknown) => void): () => void
  getSnapshot(): DeviceConnection
  subscribe(listener: () => void): () => void
  /** Pairs again after the wallet ended the session or pairing failed. */
  reconnect(): void
  destroy(): Promise<void>
}

export type CreateDeviceParameters = {
  owner: string
  id: number
  config: AppConfig
  /** The page's demo wallet; without one the pairing URI is shown for a real wallet. */
  wallet: Promise<DemoWallet> | undefined
}

const accountOf = (session: SessionTypes.Struct): string | undefined => session.namespaces.eip155?.accounts[0]

/**
 * One device of the user: its own WalletConnect core (own storage prefix, so its keys, sessions and sync
 * state survive a reload and stay apart from the other devices on the page), a dapp-side SignClient on
 * it that pairs with the wallet (or reuses the session it paired before), and its chat sync engine on
 * the same core.
 */
export function createDevice({ owner, id, config, wallet }: CreateDeviceParameters): Device {
  const key = `${owner}-${id}`
  const label = `Device ${id}`
  let connection: DeviceConnection = { status: 'starting' }
  const listeners = new Set<() => void>()
  const set = (next: DeviceConnection) => {
    connection = next
    for (const listener of listeners) listener()
  }

  const core = createWalletConnectCore({ config, storagePrefix: `chatsync-${key}` })
  const problemListeners = new Set<(error: unknown) => void>()
  const chat = createChatClient({
    transport: createRelayChatTransport(core),
    storage: localStorage,
    storageKey: `chatsync-example:${key}:chat`,
    onProblem: (error) => {
      for (const listener of problemListeners) listener(error)
    },
  })
  const signClient = SignClient.init({
    core,
    metadata: {
      name: `chatsync example · ${label}`,
      description: 'chatsync example app',
      url: location.origin,
      icons: [],
    },
  })

  const started = signClient.then((client) => ({ client, chatSync: createChatSync({ core: client.core }) }))

  const connect = async () => {
    const { client, chatSync } = await started
    const now = Date.now() / 1000
    const existing = client.session.getAll().find((s) => s.expiry > now && accountOf(s))
    if (existing) {
      set({
        status: 'paired',
        signClient: client,
        session: existing,
        account: accountOf(existing)!,
        chatSync,
      })
      return
    }
    const { uri, approval } = await client.connect({
      optionalNamespaces: { eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: [] } },
    })
    if (!uri) throw new Error('The Sign API returned no pairing URI')
    set({ status: 'pairing', uri })
    if (wallet) await (await wallet).pair(uri)
    const session = await approval()
    const account = accountOf(session)
    if (!account) throw new Error('The wallet approved no eip155 account')
    set({ status: 'paired', signClient: client, session, account, chatSync })
  }

  const start = () => {
    set({ status: 'starting' })
    connect().catch((error: unknown) =>
      set({ status: 'failed', message: error instanceof Error ? error.message : 'Pairing failed' }),
    )
  }

  void signClient.then((client) =>
    client.on('session_delete', ({ topic }) => {
      if (connection.status === 'paired' && connection.session.topic === topic)
        set({ status: 'failed', message: 'The wallet ended the session' })
    }),
  )
  start()

  return {
    owner,
    id,
    key,
    label,
    chat,
    directory: config.keysUrl ? createKeyDirectoryClient({ url: config.keysUrl }) : undefined,
    onChatProblem(listener) {
      problemListeners.add(listener)
      return () => problemListeners.delete(listener)
    },
    getSnapshot: () => connection,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    reconnect: start,
    async destroy() {
      listeners.clear()
      problemListeners.clear()
      chat.destroy()
      const { client, chatSync } = await started
      await chatSync.destroy()
      await client.core.relayer.transportClose()
      client.core.heartbeat.stop()
    },
  }
}
