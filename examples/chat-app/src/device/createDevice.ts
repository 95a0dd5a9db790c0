import { type ChatConfig, createChatConfig } from '@chatsync/chat'
import { createSigner } from '@chatsync/core'
import type { SignClient as SignClientApi } from '@walletconnect/sign-client'
import type { SessionTypes } from '@walletconnect/types'
import type { AppConfig } from '../getAppConfig'
import type { DemoWallet } from '../wallet/createDemoWallet'
import { createWalletConnectCore } from '../walletconnect/createWalletConnectCore'

type SignClient = Awaited<ReturnType<typeof SignClientApi.init>>

/** Where a device stands with its wallet (the chat shows the account synced last meanwhile). */
export type DeviceConnection =
  | { status: 'starting' }
  /** Waiting for the wallet to approve the pairing; `uri` is what a real wallet needs pasted. */
  | { status: 'pairing'; uri: string }
  /** A Sign API session with the wallet: the signatures are asked for over it. */
  | { status: 'paired'; session: SessionTypes.Struct; account: string }
  | { status: 'failed'; message: string }

export type Device = {
  /** Whose device: a demo account (`alice`, `bob`) or `wallet` for a real wallet. */
  owner: string
  id: number
  /** `alice-1`: unique on the page, and the name of its storage. */
  key: string
  label: string
  /** Everything chatsync runs on this device: `<ChatSyncProvider config={device.config}>`. */
  config: ChatConfig
  getSnapshot(): DeviceConnection
  subscribe(listener: () => void): () => void
  /** Pairs again after the wallet ended the session or pairing failed. */
  reconnect(): void
  /** Settles once the device's sign client has started (after its stored state showed). */
  started: Promise<unknown>
  destroy(): Promise<void>
}

export type CreateDeviceParameters = {
  owner: string
  id: number
  config: AppConfig
  /** The page's demo wallet; without one the pairing URI is shown for a real wallet. */
  wallet: Promise<DemoWallet> | undefined
}

/** The public keys server (identity and invite keys) for a real wallet; the dev relay serves its own. */
const PUBLIC_KEYS_SERVER = 'https://keys.walletconnect.com'

const accountOf = (session: SessionTypes.Struct): string | undefined => session.namespaces.eip155?.accounts[0]

/**
 * One device of the user: its own WalletConnect core (own storage prefix, so its keys, sessions and chat
 * survive a reload and stay apart from the other devices on the page), made at once with its chatsync
 * config, so the account it synced last shows from storage while its sign client starts the core and
 * restores the session with the wallet (or pairs). Once paired, the wallet signs over that session.
 */
export function createDevice({ owner, id, config: app, wallet }: CreateDeviceParameters): Device {
  const key = `${owner}-${id}`
  const label = `Device ${id}`
  let connection: DeviceConnection = { status: 'starting' }
  const listeners = new Set<() => void>()
  const set = (next: DeviceConnection) => {
    connection = next
    for (const listener of listeners) listener()
  }

  const core = createWalletConnectCore({ config: app, storagePrefix: `chatsync-${key}` })
  // The sign client starts the core and restores the session with the wallet. The config starts it
  // (calls `coreReady`) once it has shown what this device stored: starting a core (its storage, the
  // relay's authentication) would otherwise slow that down.
  let startSignClient: () => Promise<SignClient> = () => Promise.reject()
  const signClient = new Promise<SignClient>((resolve) => {
    startSignClient = () => {
      const init = import('@walletconnect/sign-client').then(({ SignClient }) =>
        SignClient.init({
          core,
          metadata: {
            name: `chatsync example · ${label}`,
            description: 'chatsync example app',
            url: location.origin,
            icons: [],
          },
        }),
      )
      resolve(init)
      return init
    }
  })
  const config = createChatConfig({
    core,
    coreReady: startSignClient,
    keysServerUrl: app.keysUrl ?? PUBLIC_KEYS_SERVER,
  })
  // Mounted now rather than when React has rendered: the stored state is read meanwhile. The provider
  // mounts it too (mounts are counted); `destroy()` takes this one back.
  const unmount = config.mount()

  const paired = (client: SignClient, session: SessionTypes.Struct, account: string) => {
    const signer = createSigner({ signClient: client, session: session.topic })
    // The page's demo wallet listens on the session once it has started: a request sent before would
    // go to whichever other tab of this browser runs the same wallet, and never show on this page.
    config.setSigner(
      wallet ? { signMessage: (request) => wallet.then(() => signer.signMessage(request)) } : signer,
    )
    config.setAccount(account)
    set({ status: 'paired', session, account })
  }

  const connect = async () => {
    const client = await signClient
    const now = Date.now() / 1000
    const existing = client.session.getAll().find((s) => s.expiry > now && accountOf(s))
    if (existing) return paired(client, existing, accountOf(existing)!)
    const { uri, approval } = await client.connect({
      optionalNamespaces: { eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: [] } },
    })
    if (!uri) throw new Error('The Sign API returned no pairing URI')
    set({ status: 'pairing', uri })
    if (wallet) await (await wallet).pair(uri)
    const session = await approval()
    const account = accountOf(session)
    if (!account) throw new Error('The wallet approved no eip155 account')
    paired(client, session, account)
  }

  const start = () => {
    set({ status: 'starting' })
    connect().catch((error: unknown) =>
      set({ status: 'failed', message: error instanceof Error ? error.message : 'Pairing failed' }),
    )
  }

  void signClient.then((client) =>
    client.on('session_delete', ({ topic }) => {
      if (connection.status !== 'paired' || connection.session.topic !== topic) return
      config.setSigner(undefined)
      set({ status: 'failed', message: 'The wallet ended the session' })
    }),
  )
  start()

  return {
    owner,
    id,
    key,
    label,
    config,
    getSnapshot: () => connection,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    reconnect: start,
    started: signClient.catch(() => undefined),
    async destroy() {
      listeners.clear()
      unmount()
      // Both start writing at once: the page may be going away.
      await Promise.all([config.chat.destroy(), config.client.destroy()])
      const client = await signClient
      await client.core.relayer.transportClose()
      client.core.heartbeat.stop()
    },
  }
}
