import { ChatSyncProvider } from '@chatsync/react'
import { createMemoryChatSyncClient, type MemoryChatSyncClientOptions, storyAccount } from '@chatsync/test'
import { useState } from 'react'
import { type ChatState, createChatClient } from '../chat/createChatClient'
import { createMemoryChatNetwork } from '../chat/createMemoryChatNetwork'
import { createMemoryKeyDirectory } from '../chat/KeyDirectory'
import { DevicePanel } from '../components/DevicePanel'
import { DEMO_ACCOUNTS } from '../wallet/demoAccounts'
import { createStoryPeer, type StoryPeerAnswer } from './createStoryPeer'

export type DeviceStoryProps = Omit<MemoryChatSyncClientOptions, 'registered'> & {
  /** A registration exists already: enabling restores it without asking for a signature. */
  isRegistered?: boolean
  /** How the wallet answers the request to sign the sync message. */
  wallet?: 'approves' | 'waits' | 'rejects'
  /** Start enabling sync on mount (the provider's default). */
  enableOnMount?: boolean
  /** What this device holds besides the stores: received invites, messages. */
  chatState?: Partial<ChatState>
  /** Bob on the same in-memory relay: he answers invites so, then says "hello". */
  peer?: StoryPeerAnswer
  /** Without a key directory, invites are off. */
  hasDirectory?: boolean
}

// A syntactically valid personal_sign signature; the in-memory client does not check it.
const storySignature = `0x${'5a'.repeat(64)}1b`

const signers = {
  approves: async () => storySignature,
  waits: () => new Promise<string>(() => {}),
  rejects: async (): Promise<string> => {
    throw Object.assign(new Error('User rejected.'), { code: 5000 })
  },
}

const invitees = [{ name: DEMO_ACCOUNTS.bob.name, account: DEMO_ACCOUNTS.bob.account }]

function createStoryChat({ chatState, peer, hasDirectory = true }: DeviceStoryProps) {
  const network = createMemoryChatNetwork()
  const directory = createMemoryKeyDirectory()
  const stored = new Map<string, string>()
  if (chatState) stored.set('story', JSON.stringify(chatState))
  const chat = createChatClient({
    transport: network.transport(),
    storage: {
      getItem: (key) => stored.get(key) ?? null,
      setItem: (key, value) => void stored.set(key, value),
    },
    storageKey: 'story',
  })
  if (peer) void createStoryPeer({ network, directory, answer: peer })
  return { chat, directory: hasDirectory ? directory : undefined }
}

/** A device panel behind the real `<ChatSyncProvider>`, over an in-memory client and relay. */
export function DeviceStory({
  wallet = 'approves',
  enableOnMount = true,
  isRegistered = false,
  ...options
}: DeviceStoryProps) {
  const [client] = useState(() =>
    createMemoryChatSyncClient({ ...options, registered: isRegistered ? [storyAccount] : [] }),
  )
  const [{ chat, directory }] = useState(() => createStoryChat(options))
  return (
    <article className="device" data-testid="device-story">
      <ChatSyncProvider
        client={client}
        account={storyAccount}
        signMessage={signers[wallet]}
        enableOnMount={enableOnMount}
      >
        <DevicePanel chat={chat} directory={directory} invitees={invitees} />
      </ChatSyncProvider>
    </article>
  )
}
