import {
  type ChatSyncClient,
  type ChatSyncConfig,
  type ChatSyncCore,
  type CreateChatSyncConfigParameters,
  createChatSyncConfig,
  createSigner,
  type Signer,
  SignerNotConfiguredError,
} from '@chatsync/core'
import {
  type ChatClient,
  type CreateChatClientParameters,
  createChatClient,
} from '../client/createChatClient.js'

/** The chat client's own options (the session, core and signer come from the config). */
export type ChatOptions = Omit<
  CreateChatClientParameters,
  'session' | 'core' | 'coreReady' | 'keysServerUrl' | 'signer'
> & {
  /** Signs the identity key's CACAO; default: the config's signer (the sync signature's). */
  signer?: Signer | undefined
}

export type CreateChatConfigParameters = Extract<
  CreateChatSyncConfigParameters<ChatSyncClient>,
  { client?: undefined }
> & {
  /** The keys server (identity and invite keys), e.g. `https://keys.walletconnect.com` or a dev relay's `keysUrl`. */
  keysServerUrl: string
  /** The chat's options; its `storage` and `retention` default to the config's. */
  chat?: ChatOptions | undefined
}

/** A chatsync config that also runs the chat: `config.chat` is its chat client, mounted with the config. */
export type ChatConfig = ChatSyncConfig<ChatSyncClient> & {
  /** The chat of the config's account (`sendInvite(config.chat, …)`, `chat.state`). */
  readonly chat: ChatClient
}

/**
 * One config for a chat app, made once outside React: `createChatSyncConfig`'s (a sign client or core,
 * `coreReady`, storage, retention, account, signer…) plus the chat on it. Mounting the config (for
 * instance `<ChatSyncProvider config={config}>`) mounts the chat: it shows what this device keeps of the
 * account's chat as soon as the account's stored state shows, and asks for the identity signature with
 * the config's signer (a provider's `sessionTopic` or `signMessage` too) when this device has none.
 * @throws {InvalidRetentionError} for a `retention` that cannot work.
 */
export function createChatConfig(parameters: CreateChatConfigParameters): ChatConfig {
  const { keysServerUrl, chat: options = {}, ...syncParameters } = parameters
  const { coreReady } = syncParameters
  let chat: ChatClient | undefined
  // A core the config starts waits, beyond the config's stored state, for the chat's to show as well.
  const startCore =
    typeof coreReady === 'function'
      ? (): Promise<unknown> => whenChatShown(config, chat).then(() => coreReady())
      : coreReady
  const config: ChatSyncConfig<ChatSyncClient> = createChatSyncConfig<ChatSyncClient>({
    ...syncParameters,
    coreReady: startCore,
  })
  const { signClient, sessionTopic } = syncParameters
  let signer =
    syncParameters.signer ??
    (signClient && sessionTopic !== undefined
      ? createSigner({ signClient, session: sessionTopic })
      : undefined)
  const { signer: chatSigner, ...chatOptions } = options
  chat = createChatClient({
    storage: syncParameters.storage,
    retention: syncParameters.retention,
    ...chatOptions,
    session: config,
    // One of the two is given (the parameters' type says so).
    core: (signClient?.core ?? syncParameters.core) as ChatSyncCore,
    coreReady: config._internal.coreReady,
    keysServerUrl,
    signer: chatSigner ?? {
      signMessage(request) {
        if (!signer) throw new SignerNotConfiguredError()
        return signer.signMessage(request)
      },
    },
  })
  return {
    get client() {
      return config.client
    },
    state: config.state,
    getState: config.getState,
    subscribe: config.subscribe,
    mount() {
      const unmountConfig = config.mount()
      const unmountChat = chat.mount()
      return () => {
        unmountChat()
        unmountConfig()
      }
    },
    enable: config.enable,
    disable: config.disable,
    setAccount: config.setAccount,
    setSigner(next) {
      signer = next
      config.setSigner(next)
    },
    _internal: config._internal,
    chat,
  }
}

/** Waiting at most this long for the chat's stored state before a core the config starts is started. */
const CHAT_SHOWN_WITHIN_MS = 1_000

/** Settles once the chat shows what this device keeps, when the config shows a stored state (else at once). */
function whenChatShown(config: ChatSyncConfig<ChatSyncClient>, chat: ChatClient | undefined): Promise<void> {
  const { restored, status } = config.state.getState()
  if (!chat || !(restored || status === 'ready')) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      off()
      resolve()
    }
    const timer = setTimeout(done, CHAT_SHOWN_WITHIN_MS)
    const off = chat.state.subscribe((state) => {
      if (state.isLoaded || state.status === 'error') done()
    })
    if (chat.state.getState().isLoaded) done()
  })
}
