import {
  type BaseError,
  type ChatSyncSession,
  createChatSync,
  createChatSyncSession,
  type RetentionParameters,
} from '@chatsync/core'
import { startDevRelay } from '@chatsync/dev-relay'
import { type TestWallet, waitFor } from '@chatsync/test'
import { type Cleanup, startTestCore, type TestCore } from '@chatsync/test/node'
import { type ChatClient, createChatClient, getChatState } from '../src/index.js'

export type ChatDevice = TestCore & {
  wallet: TestWallet
  session: ChatSyncSession
  chat: ChatClient
  errors: BaseError[]
  /** Messages the wallet was asked to sign on this device (the sync message, the identity CACAO). */
  signed: string[]
  /** Everything down, storage kept (a restart uses `dir` and `prefix`). */
  shutdown(): Promise<void>
  /** The chat unmounted and mounted again at once (as React's StrictMode does with effects). */
  remountChat(): void
}

export type StartChatDeviceOptions = {
  retention?: RetentionParameters
  dir?: string
  prefix?: string
  keysServerUrl?: string
  jwtTtlSeconds?: number
  /** Wait for the chat to be ready with an invite key (default true). */
  ready?: boolean
}

/** A relay for a test file: its key directory takes signed invite keys only. */
export async function startChatRelay(cleanup: Cleanup, options: { maxTtlSeconds?: number } = {}) {
  const relay = await startDevRelay({
    port: 0,
    keyDirectory: { acceptUnsignedInviteKeys: false },
    ...options,
  })
  cleanup.add(() => relay.close())
  return relay as typeof relay & { keysUrl: string }
}

/**
 * A device of `wallet`'s account: a real core on the relay, a chatsync client and session (enabled with
 * the wallet's sync signature), and a chat client that signs its identity key with the wallet.
 */
export async function startChatDevice(
  cleanup: Cleanup,
  relay: { url: string; keysUrl: string },
  wallet: TestWallet,
  options: StartChatDeviceOptions = {},
): Promise<ChatDevice> {
  const testCore = await startTestCore(relay.url, { dir: options.dir, prefix: options.prefix })
  const client = createChatSync({ core: testCore.core, retention: options.retention })
  const signed: string[] = []
  const signer = {
    signMessage: ({ message }: { message: string }) => {
      signed.push(message)
      return wallet.wallet.signMessage({ message })
    },
  }
  const session = createChatSyncSession({ client, account: wallet.account, signer })
  const unmountSession = session.mount()
  const chat = createChatClient({
    session,
    core: testCore.core,
    keysServerUrl: options.keysServerUrl ?? relay.keysUrl,
    signer,
    domain: 'chat.test',
    retention: options.retention,
    jwtTtlSeconds: options.jwtTtlSeconds,
  })
  const errors: BaseError[] = []
  chat.on('error', ({ error }) => errors.push(error))
  let unmountChat = chat.mount()
  let down = false
  const device: ChatDevice = {
    ...testCore,
    wallet,
    session,
    chat,
    errors,
    signed,
    remountChat() {
      unmountChat()
      unmountChat = chat.mount()
    },
    async shutdown() {
      if (down) return
      down = true
      unmountChat()
      await chat.destroy()
      unmountSession()
      await client.destroy()
      await testCore.close()
    },
  }
  cleanup.add(() => device.shutdown())
  if (options.ready !== false)
    await waitFor(() => getChatState(chat).status === 'ready' && getChatState(chat).inviteKey !== undefined, {
      timeoutMs: 20_000,
      what: `chat ready on a device of ${wallet.account}`,
    })
  return device
}

/** Waits for a condition on a device's chat state. */
export const waitForChat = (
  device: ChatDevice,
  predicate: (state: ReturnType<typeof getChatState>) => boolean,
  what: string,
  timeoutMs = 20_000,
) => waitFor(() => predicate(getChatState(device.chat)), { timeoutMs, what })
